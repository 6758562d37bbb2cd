namespace Bunbase.Cli.Tests;

/// <summary>
/// The inspection commands print text that clients, handlers and other servers chose; its control characters must not
/// reach the operator's terminal.
/// </summary>
public sealed class TerminalOutputTests : IDisposable
{
    private const string Hostile = "no courier \u001b]0;pwned\u0007\u001b[2J\u009b31m\rhidden";

    private readonly string _directory = Directory.CreateTempSubdirectory("bunbase-terminal-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task A_stored_error_s_escape_sequences_are_printed_as_replacement_characters()
    {
        await using var database = await ScratchDatabase.CreateAsync();
        var config = Path.Combine(_directory, "bunbase.config.json");
        await File.WriteAllTextAsync(config, $$"""{ "name": "terminal-cli", "database": { "url": "{{database.Url}}" } }""");
        await RunCliAsync(config, "events", "subscriptions"); // creates the tables
        await database.ExecuteAsync($"""
            insert into bunbase_subscription_dead (id, subscription, event_id, global_position, stream, type, partition, error, attempts)
            values (gen_random_uuid(), 'ship-order', gen_random_uuid(), 3, 'order-3', 'placed', 1, '{Hostile}', 5)
            """);

        var (exitCode, output) = await RunCliAsync(config, "events", "dead");

        Assert.Equal(0, exitCode);
        Assert.Contains("no courier \uFFFD]0;pwned\uFFFD\uFFFD[2J\uFFFD31m\uFFFDhidden", output, StringComparison.Ordinal);
        Assert.DoesNotContain(output, c => c is '\u001b' or '\u0007' or '\u009b' or '\r');
    }

    [Fact]
    public void Line_ends_and_tabs_pass_and_every_other_control_character_is_replaced()
    {
        using var text = new StringWriter();
        var writer = new TerminalSafeWriter(text);

        writer.Write("a\tb\r\nc\rd\u0000e\u007f");
        writer.Write('\u001b');
        writer.WriteLine("f");

        Assert.Equal("a\tb\r\nc\uFFFDd\uFFFDe\uFFFD\uFFFDf" + Environment.NewLine, text.ToString());
    }

    private async Task<(int ExitCode, string Output)> RunCliAsync(string config, params string[] arguments)
    {
        using var process = ChildProcess.Start(_directory, new Dictionary<string, string>(), [Path.Combine(AppContext.BaseDirectory, "bunbase.dll"), .. arguments, "--config", config]);
        Assert.True(await process.WaitForExitAsync(TimeSpan.FromSeconds(60)), process.Output);
        return (process.ExitCode, process.Output);
    }
}
