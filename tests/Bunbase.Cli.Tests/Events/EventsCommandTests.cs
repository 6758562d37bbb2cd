namespace Bunbase.Cli.Tests.Events;

/// <summary><c>bunbase events</c> against a PostgreSQL database: streams, and reads of a stream or a category.</summary>
public sealed class EventsCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("bunbase-events-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Lists_streams_and_reads_a_stream_or_a_category()
    {
        await using var database = await ScratchDatabase.CreateAsync();
        var config = Path.Combine(_directory, "bunbase.config.json");
        await File.WriteAllTextAsync(config, $$"""{ "name": "events-cli", "database": { "url": "{{database.Url}}" } }""");
        var empty = await RunCliAsync(config, "events"); // creates the tables
        await database.ExecuteAsync("""
            insert into bunbase_event_streams (stream, category, version, sequenced_version, updated_at) values
                ('order-1', 'order', 2, 2, now() - interval '1 minute'), ('order-2', 'order', 1, 1, now());
            insert into bunbase_events (global_position, id, stream, category, version, type, partition_key, data, metadata) values
                (1, gen_random_uuid(), 'order-1', 'order', 1, 'placed', 1, '{"n":1}', '{}'),
                (2, gen_random_uuid(), 'order-2', 'order', 1, 'placed', 2, '{"n":2}', '{}'),
                (3, gen_random_uuid(), 'order-1', 'order', 2, 'shipped', 1, '{"n":3}', '{}');
            """);

        var summary = await RunCliAsync(config, "events");
        var streams = await RunCliAsync(config, "events", "streams");
        var stream = await RunCliAsync(config, "events", "read", "order-1", "--from", "2");
        var category = await RunCliAsync(config, "events", "read", "--category", "order", "--from", "2", "--json");
        var neither = await RunCliAsync(config, "events", "read");

        Assert.Equal((0, "streams: 0\nno events"), (empty.ExitCode, empty.Output.Trim()));
        Assert.Contains("last write: order-2 version 1", summary.Output, StringComparison.Ordinal);
        var lines = streams.Output.Trim().Split('\n');
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("order-2  version 1  category order  last ", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("order-1  version 2", lines[1], StringComparison.Ordinal);
        Assert.Matches(@"^3  order-1@2  shipped  .*\{""n"":3\}$", stream.Output.Trim());
        var json = category.Output.Trim().Split('\n');
        Assert.Equal(2, json.Length);
        Assert.Contains("\"position\":2", json[0], StringComparison.Ordinal);
        Assert.Contains("\"data\":{\"n\":3}", json[1], StringComparison.Ordinal);
        Assert.Equal(2, neither.ExitCode);
        Assert.Contains("exactly one of", neither.Output, StringComparison.Ordinal);

        // A name no event can have is refused in one line, not answered "no events".
        foreach (var (arguments, expected) in new[] { (new[] { "events", "read", "" }, "A stream name is required."), (["events", "read", "-x"], "cannot start with '-'"), (["events", "read", "--category", "order-1"], "A category name has no '-'.") })
        {
            var refused = await RunCliAsync(config, arguments);
            Assert.Equal(2, refused.ExitCode);
            Assert.Contains(expected, Assert.Single(refused.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);
        }
    }

    private async Task<(int ExitCode, string Output)> RunCliAsync(string config, params string[] arguments)
    {
        using var process = ChildProcess.Start(_directory, new Dictionary<string, string>(), [Path.Combine(AppContext.BaseDirectory, "bunbase.dll"), .. arguments, "--config", config]);
        Assert.True(await process.WaitForExitAsync(TimeSpan.FromSeconds(60)), process.Output);
        return (process.ExitCode, process.Output);
    }
}
