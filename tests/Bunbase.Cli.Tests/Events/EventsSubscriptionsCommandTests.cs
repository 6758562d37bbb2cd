namespace Bunbase.Cli.Tests.Events;

/// <summary><c>bunbase events subscriptions|dead|retry|skip</c> against a PostgreSQL database.</summary>
public sealed class EventsSubscriptionsCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("bunbase-events-subs-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Shows_partitions_with_lag_and_lists_retries_and_skips_dead_letters()
    {
        await using var database = await ScratchDatabase.CreateAsync();
        var config = Path.Combine(_directory, "bunbase.config.json");
        await File.WriteAllTextAsync(config, $$"""{ "name": "events-cli", "database": { "url": "{{database.Url}}" } }""");
        var none = await RunCliAsync(config, "events", "subscriptions"); // creates the store's and the subscriptions' tables
        var retryId = Guid.NewGuid();
        var skipId = Guid.NewGuid();
        await database.ExecuteAsync($"""
            insert into bunbase_events (global_position, id, stream, category, version, type, partition_key, data, metadata)
            select g, gen_random_uuid(), 'order-' || g, 'order', 1, 'placed', g, '{"{}"}', '{"{}"}' from generate_series(1, 10) g;
            insert into bunbase_subscription_partitions (subscription, partition, partitions, position, lease_owner, lease_until) values
                ('ship-order', 0, 2, 4, 'host:1:abc', now() + interval '1 minute'), ('ship-order', 1, 2, 10, null, null);
            insert into bunbase_subscription_dead (id, subscription, event_id, global_position, stream, type, partition, error, attempts) values
                ('{retryId}', 'ship-order', gen_random_uuid(), 3, 'order-3', 'placed', 1, 'InvalidOperationException: no courier', 5),
                ('{skipId}', 'ship-order', gen_random_uuid(), 5, 'order-5', 'placed', 1, 'InvalidOperationException: no courier', 5);
            """);

        var subscriptions = await RunCliAsync(config, "events", "subscriptions");
        var dead = await RunCliAsync(config, "events", "dead");
        var retried = await RunCliAsync(config, "events", "retry", retryId.ToString());
        var retriedAgain = await RunCliAsync(config, "events", "retry", retryId.ToString());
        var skipped = await RunCliAsync(config, "events", "skip", skipId.ToString());
        var malformed = await RunCliAsync(config, "events", "skip", "not-an-id");

        Assert.Equal((0, "no subscriptions have run yet"), (none.ExitCode, none.Output.Trim()));
        var lines = subscriptions.Output.Trim().Split('\n');
        Assert.Equal("ship-order: 2 partition(s), 1 held, lag 6 (head 10)", lines[0]);
        Assert.Equal("     0  position 4  lag 6  host:1:abc", lines[1]);
        Assert.Equal("     1  position 10  lag 0  (free)", lines[2]);
        Assert.Equal(2, dead.Output.Trim().Split('\n').Length);
        Assert.Contains($"{retryId}  ship-order  order-3  placed", dead.Output, StringComparison.Ordinal);
        Assert.Contains("5 attempt(s)  parked", dead.Output, StringComparison.Ordinal);
        Assert.Contains("InvalidOperationException: no courier", dead.Output, StringComparison.Ordinal);
        Assert.Equal((0, $"retrying {retryId}"), (retried.ExitCode, retried.Output.Trim()));
        Assert.Equal(1, retriedAgain.ExitCode);
        Assert.Equal((0, $"skipped {skipId}"), (skipped.ExitCode, skipped.Output.Trim()));
        Assert.Equal(2, malformed.ExitCode);
        Assert.Contains("'not-an-id' is not a dead letter id", malformed.Output, StringComparison.Ordinal);
        Assert.Equal("retrying", await database.ScalarAsync<string>($"select status from bunbase_subscription_dead where id = '{retryId}'"));
        Assert.Equal(0L, await database.ScalarAsync<long>($"select count(*) from bunbase_subscription_dead where id = '{skipId}'"));
    }

    private async Task<(int ExitCode, string Output)> RunCliAsync(string config, params string[] arguments)
    {
        using var process = ChildProcess.Start(_directory, new Dictionary<string, string>(), [Path.Combine(AppContext.BaseDirectory, "bunbase.dll"), .. arguments, "--config", config]);
        Assert.True(await process.WaitForExitAsync(TimeSpan.FromSeconds(60)), process.Output);
        return (process.ExitCode, process.Output);
    }
}
