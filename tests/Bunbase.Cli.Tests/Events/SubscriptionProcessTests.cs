using Xunit.Abstractions;
using System.Diagnostics;

namespace Bunbase.Cli.Tests.Events;

/// <summary>
/// Several runtime processes sharing one PostgreSQL subscription: each event handled once, in order per
/// stream; a killed process's share moves to the other; a process joining takes a share without double handling.
/// </summary>
public sealed class SubscriptionProcessTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int CheckpointEvery = 100;
    private readonly string _directory = Directory.CreateTempSubdirectory("bunbase-events-").FullName;
    private ScratchDatabase _database = null!;

    public async Task InitializeAsync() => _database = await ScratchDatabase.CreateAsync();

    public async Task DisposeAsync()
    {
        await _database.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Ten_thousand_events_over_a_hundred_streams_on_two_processes_are_each_handled_once_in_stream_order()
    {
        using var first = await EventsAppProcess.StartAsync(_directory, _database.Url);
        using var second = await EventsAppProcess.StartAsync(_directory, _database.Url);
        await WaitAsync(async () => await OwnersAsync() == 2, "both processes to hold partitions", 30);

        await _database.ExecuteAsync(EventRows.Bulk(streams: 100, perStream: 100));
        await WaitAsync(async () => await _database.ScalarAsync<long>("select count(distinct event_id) from event_runs") >= 10_000, "10,000 events handled", 180);
        await Task.Delay(1_000); // a second delivery of any of them would show by now

        Assert.Equal(10_000L, await _database.ScalarAsync<long>("select count(*) from event_runs"));
        Assert.Equal(0L, await OutOfOrderAsync());
        Assert.Equal(2L, await _database.ScalarAsync<long>("select count(distinct process_id) from event_runs"));
        Assert.Equal(0L, await _database.ScalarAsync<long>("select count(*) from (select stream from event_runs group by stream having count(distinct process_id) > 1) shared"));
    }

    [Fact]
    public async Task A_process_killed_mid_batch_hands_its_share_to_the_other_and_only_its_unsaved_events_run_twice()
    {
        using var first = await EventsAppProcess.StartAsync(_directory, _database.Url, delayMs: 5);
        using var second = await EventsAppProcess.StartAsync(_directory, _database.Url, delayMs: 5);
        await WaitAsync(async () => await OwnersAsync() == 2, "both processes to hold partitions", 30);

        await _database.ExecuteAsync(EventRows.Bulk(streams: 100, perStream: 100));
        await WaitAsync(async () => await _database.ScalarAsync<long>($"select count(*) from event_runs where process_id = {first.Process.Id}") >= 1_000, "the first process to be busy", 120);
        var victimPartitions = await _database.ScalarAsync<long>($"select count(*) from bunbase_subscription_partitions where subscription = 'record-bulk' and lease_owner like '%:{first.Process.Id}:%'");
        first.Process.Kill();
        var handledByVictim = await _database.ScalarAsync<long>($"select count(*) from event_runs where process_id = {first.Process.Id}");

        await WaitAsync(async () => await _database.ScalarAsync<long>("select count(distinct event_id) from event_runs") >= 10_000, "every event handled", 240);
        await Task.Delay(1_000);

        Assert.True(handledByVictim < 10_000, "the first process was killed before the end");
        Assert.True(victimPartitions > 0);
        var duplicates = await _database.ScalarAsync<long>("select count(*) - count(distinct event_id) from event_runs");
        output.WriteLine($"killed after {handledByVictim} handlings, holding {victimPartitions} partitions; {duplicates} events handled twice");
        Assert.True(duplicates <= CheckpointEvery * victimPartitions, $"{duplicates} events ran twice; at most {CheckpointEvery} per partition the killed process held ({victimPartitions}) may");
        Assert.Equal(0L, await _database.ScalarAsync<long>($"select count(*) from (select event_id from event_runs group by event_id having count(*) > 1 and bool_and(process_id = {second.Process.Id})) twice_on_survivor"));
        Assert.Equal(0L, await OutOfOrderAsync(perProcess: true));
        Assert.Equal(16L, await _database.ScalarAsync<long>($"select count(*) from bunbase_subscription_partitions where subscription = 'record-bulk' and lease_owner like '%:{second.Process.Id}:%'"));
    }

    [Fact]
    public async Task A_third_process_joining_takes_a_share_without_any_event_handled_twice()
    {
        using var first = await EventsAppProcess.StartAsync(_directory, _database.Url, delayMs: 5);
        using var second = await EventsAppProcess.StartAsync(_directory, _database.Url, delayMs: 5);
        await WaitAsync(async () => await OwnersAsync() == 2, "both processes to hold partitions", 30);

        await _database.ExecuteAsync(EventRows.Bulk(streams: 100, perStream: 100));
        await WaitAsync(async () => await _database.ScalarAsync<long>("select count(*) from event_runs") >= 2_000, "the first two processes to be busy", 120);
        using var third = await EventsAppProcess.StartAsync(_directory, _database.Url, delayMs: 5);

        await WaitAsync(async () => await _database.ScalarAsync<long>("select count(distinct event_id) from event_runs") >= 10_000, "every event handled", 240);
        await Task.Delay(1_000);

        Assert.Equal(10_000L, await _database.ScalarAsync<long>("select count(*) from event_runs"));
        Assert.True(await _database.ScalarAsync<long>($"select count(*) from event_runs where process_id = {third.Process.Id}") > 0, "the third process handled a share");
        Assert.Equal(0L, await OutOfOrderAsync());
        await WaitAsync(async () => await OwnersAsync() == 3, "the partitions spread over three processes", 30);
    }

    [Fact]
    public async Task Sigterm_saves_positions_releases_every_partition_and_leaves()
    {
        using var app = await EventsAppProcess.StartAsync(_directory, _database.Url);
        await WaitAsync(async () => await OwnersAsync() == 1, "the process to hold partitions", 30);
        await _database.ExecuteAsync(EventRows.Bulk(streams: 10, perStream: 50));
        await WaitAsync(async () => await _database.ScalarAsync<long>("select count(*) from event_runs") >= 500, "500 events handled", 60);

        app.Process.Terminate();

        Assert.True(await app.Process.WaitForExitAsync(TimeSpan.FromSeconds(60)), app.Process.Output);
        Assert.Equal(0, app.Process.ExitCode);
        Assert.Equal(0L, await _database.ScalarAsync<long>("select count(*) from bunbase_subscription_partitions where lease_owner is not null"));
        Assert.Equal(0L, await _database.ScalarAsync<long>("select count(*) from bunbase_subscription_members"));
        Assert.Equal(0L, await _database.ScalarAsync<long>("select count(*) from bunbase_subscription_partitions p where p.position < (select max(global_position) from bunbase_events)"));
        Assert.Contains("released 16 partition(s)", app.Process.Output, StringComparison.Ordinal);
    }

    private async Task<long> OwnersAsync() =>
        await _database.ScalarAsync<long>("select count(distinct lease_owner) from bunbase_subscription_partitions where subscription = 'record-bulk' and lease_until > now()");

    /// <summary>Handlings of a stream whose version is not the one after the previous handling's (per process: a re-delivery starts again after a saved position).</summary>
    private Task<long> OutOfOrderAsync(bool perProcess = false) => _database.ScalarAsync<long>($"""
        select count(*) from (
            select version, lag(version) over (partition by stream{(perProcess ? ", process_id" : "")} order by seq) as previous from event_runs where subscription = 'record-bulk') handled
        where previous is not null and version <> previous + 1
        """);

    private static async Task WaitAsync(Func<Task<bool>> condition, string what, int seconds)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(seconds))
        {
            if (await condition())
                return;
            await Task.Delay(100);
        }

        throw new TimeoutException($"Waited {seconds} s for {what}.");
    }
}
