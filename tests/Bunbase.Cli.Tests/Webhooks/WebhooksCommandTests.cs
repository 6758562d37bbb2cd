namespace Bunbase.Cli.Tests.Webhooks;

/// <summary><c>bunbase webhooks</c> against a PostgreSQL database: endpoints added, listed, disabled, removed; deliveries listed and redelivered.</summary>
public sealed class WebhooksCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("bunbase-webhooks-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Adds_lists_disables_and_removes_endpoints_and_redelivers_a_delivery()
    {
        await using var database = await ScratchDatabase.CreateAsync();
        var config = Path.Combine(_directory, "bunbase.config.json");
        await File.WriteAllTextAsync(config, $$"""{ "name": "webhooks-cli", "database": { "url": "{{database.Url}}" } }""");

        var empty = await RunCliAsync(config, "webhooks");
        var added = await RunCliAsync(config, "webhooks", "add", "https://hooks.example.com/in", "--event", "note.*", "--event", "user.created");
        var badUrl = await RunCliAsync(config, "webhooks", "add", "ftp://hooks.example.com/in");
        var id = System.Text.RegularExpressions.Regex.Match(added.Output, "ep_[0-9a-f]{32}").Value;
        var disabled = await RunCliAsync(config, "webhooks", "disable", id);
        var listed = await RunCliAsync(config, "webhooks", "list");

        await database.ExecuteAsync($"""
            insert into bunbase_webhook_messages (id, type, body, created_at) values ('msg_1', 'note.created', '{"{}"}', 1);
            insert into bunbase_webhook_deliveries (id, message_id, endpoint_id, status, attempts, response_code, error, created_at, updated_at)
                values ('dl_1', 'msg_1', '{id}', 'failed', 3, 500, 'the endpoint answered 500', 1, 1);
            insert into bunbase_webhook_attempts (delivery_id, attempt, succeeded, response_code, duration_ms, attempted_at) values ('dl_1', 3, 0, 500, 12, 1);
            """);
        var deliveries = await RunCliAsync(config, "webhooks", "deliveries", "--endpoint", id, "--attempts");
        var redelivered = await RunCliAsync(config, "webhooks", "redeliver", "dl_1");
        var again = await RunCliAsync(config, "webhooks", "redeliver", "dl_1");
        var removed = await RunCliAsync(config, "webhooks", "remove", id);
        var gone = await RunCliAsync(config, "webhooks", "remove", id);

        Assert.Equal((0, "no endpoints"), (empty.ExitCode, empty.Output.Trim()));
        Assert.Equal(0, added.ExitCode);
        Assert.Matches(@"secret  whsec_[A-Za-z0-9+/=]{32}", added.Output);
        Assert.Equal(2, badUrl.ExitCode);
        Assert.Contains("url", badUrl.Output, StringComparison.Ordinal);
        Assert.Equal(0, disabled.ExitCode);
        Assert.Contains($"{id}  https://hooks.example.com/in  note.* user.created  disabled (disabled by an operator)", listed.Output, StringComparison.Ordinal);
        Assert.Contains("dl_1  note.created  to " + id + "  failed  3 attempt(s)  last 500", deliveries.Output, StringComparison.Ordinal);
        Assert.Contains("  #3  failed  500  12 ms", deliveries.Output, StringComparison.Ordinal);
        Assert.Equal((0, "redelivering dl_1"), (redelivered.ExitCode, redelivered.Output.Trim()));
        Assert.Equal(1, again.ExitCode); // pending now
        Assert.Equal(1L, await database.ScalarAsync<long>("select count(*) from bunbase_jobs where action = 'bunbase:webhook-delivery'"));
        Assert.Equal(0, removed.ExitCode);
        Assert.Equal(1, gone.ExitCode);
    }

    private async Task<(int ExitCode, string Output)> RunCliAsync(string config, params string[] arguments)
    {
        using var process = ChildProcess.Start(_directory, new Dictionary<string, string>(), [Path.Combine(AppContext.BaseDirectory, "bunbase.dll"), .. arguments, "--config", config]);
        Assert.True(await process.WaitForExitAsync(TimeSpan.FromSeconds(60)), process.Output);
        return (process.ExitCode, process.Output);
    }
}
