using System.Diagnostics;
using System.Net;
using Bunbase.Runtime.Configuration;
using Bunbase.Runtime.Data;
using Bunbase.Runtime.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bunbase.Runtime.Tests.Data;

/// <summary>
/// A replica that hangs (its connections stay open and nothing answers, as a stopped process or a cut
/// network does) while reads wait on it. The shared replica is left alone: the "replica" is a private
/// server of the test's own, frozen with SIGSTOP (it need not be a standby: the test says it serves).
/// </summary>
public sealed class ReplicaOutageTests : IAsyncLifetime
{
    private TestDatabase _testDatabase = null!;
    private PrivatePostgres _hung = null!;

    public async Task InitializeAsync()
    {
        _testDatabase = await TestDatabase.CreateAsync();
        _hung = await PrivatePostgres.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _hung.DisposeAsync();
        await _testDatabase.DisposeAsync();
    }

    [Fact]
    public async Task A_read_waiting_on_a_hung_replica_goes_to_the_primary_as_soon_as_the_replica_is_found_down()
    {
        await using var hung = await HangReplicaAsync();
        var (database, replica) = (hung.Database, hung.Replica);

        var clock = Stopwatch.StartNew();
        var read = database.CreateSession(CancellationToken.None).QuerySingleAsync<bool>("select current_database() = @Primary", new { Primary = _testDatabase.Name });
        await Task.Delay(300);
        Assert.False(read.IsCompleted);

        // Another read failing, or the monitor's check, finds the replica down. Npgsql's multiplexing opens
        // connections one at a time, so a burst of reads queued on a hung replica used to wait each in turn
        // (about connectTimeoutMs more for each) long after that.
        replica.MarkDown("a read timed out");

        Assert.True(await read.WaitAsync(TimeSpan.FromSeconds(30)), "the read was answered by the primary");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"the read took {clock.Elapsed.TotalSeconds:0.0} s after the replica was found down");
    }

    [Fact]
    public async Task The_check_finds_a_hung_replica_down_within_its_timeout()
    {
        await using var hung = await HangReplicaAsync(checkIntervalMs: 500);
        var (database, replica) = (hung.Database, hung.Replica);
        var monitor = new ReplicaMonitor(database, hung.Options.Database, TimeProvider.System, NullLogger<ReplicaMonitor>.Instance);

        // The check's timeout is twice the interval (at least 500 ms): here 1 s. A multiplexed command does
        // not stop at its token, so the check used to wait for the connection to fail (the connect timeout or more).
        var clock = Stopwatch.StartNew();
        await monitor.CheckOnceAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(ReplicaState.Down, replica.Status.State);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), $"the check took {clock.Elapsed.TotalSeconds:0.0} s");
    }

    [Fact]
    public async Task While_a_check_waits_on_a_hung_replica_no_other_is_sent_and_checks_resume_once_it_answers()
    {
        await using var hung = await HangReplicaAsync(checkIntervalMs: 500);
        var (database, replica) = (hung.Database, hung.Replica);
        var monitor = new ReplicaMonitor(database, hung.Options.Database, TimeProvider.System, NullLogger<ReplicaMonitor>.Instance);

        await monitor.CheckOnceAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal((ReplicaState.Down, "no answer within 1000 ms"), (replica.Status.State, replica.Status.Detail));

        // Each round used to send another command, queued behind the first for as long as the server hung.
        await monitor.CheckOnceAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal((ReplicaState.Down, "the last check has had no answer yet"), (replica.Status.State, replica.Status.Detail));

        // Answering again, it is checked again (a private server that is not a standby: it takes no reads).
        await _hung.ResumeAsync();
        for (var round = 0; round < 60 && replica.Status.State == ReplicaState.Down; round++)
        {
            await Task.Delay(500);
            await monitor.CheckOnceAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(60));
        }

        Assert.Equal(ReplicaState.NotStandby, replica.Status.State);
    }

    [Fact]
    public async Task Readiness_answers_at_once_while_a_replica_hangs()
    {
        await using var server = await AppServer.StartAsync(extraConfig: $$"""
            "database": { "url": "{{_testDatabase.Url}}", "readReplicas": ["{{_hung.Url}}"], "replicaCheckIntervalMs": 200 }
            """);
        Assert.Equal(HttpStatusCode.OK, (await server.Client.GetAsync("/_health/ready")).StatusCode);
        await _hung.PauseAsync();

        // Past the 1 s for which a result is reused, so the checks run again while the replica hangs. A probe
        // gives up after 5 s (the --health-check option, the deploy files): a check waiting on the replica's
        // connection attempt (5 s) made every instance unready over a server reads can do without.
        for (var i = 0; i < 3; i++)
        {
            await Task.Delay(1200);
            var clock = Stopwatch.StartNew();
            var response = await server.Client.GetAsync("/_health/ready");

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"readiness took {clock.Elapsed.TotalSeconds:0.0} s");
        }

    }

    [Fact]
    public async Task An_app_stops_at_once_after_a_replica_hung_for_several_checks()
    {
        var server = await AppServer.StartAsync(extraConfig: $$"""
            "database": { "url": "{{_testDatabase.Url}}", "readReplicas": ["{{_hung.Url}}"], "replicaCheckIntervalMs": 200 }
            """);
        Assert.Equal(HttpStatusCode.OK, (await server.Client.GetAsync("/_health/ready")).StatusCode);
        await _hung.PauseAsync();
        // About ten rounds of checks while it hangs: each used to leave a command (and its cancellation) to the hung
        // server, and closing the replica's pool at the app's exit then waited on every one (27.5 s here).
        await Task.Delay(5000);

        var clock = Stopwatch.StartNew();
        await server.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(120));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"stopping took {clock.Elapsed.TotalSeconds:0.0} s");
    }

    /// <summary>A database whose one replica serves (as a check found), holds an open connection, then hangs.</summary>
    private async Task<HungReplica> HangReplicaAsync(int checkIntervalMs = 1000)
    {
        var options = new BunbaseOptions
        {
            Name = "replica-outage",
            Database = { Url = _testDatabase.Url, ReadReplicas = [_hung.Url], ConnectTimeoutMs = 5000, ReplicaCheckIntervalMs = checkIntervalMs },
        };
        var database = DatabaseFactory.Create(options, Path.GetTempPath(), NullLoggerFactory.Instance);
        var replica = database.Replicas[0];
        replica.Update(new ReplicaStatus(ReplicaState.Serving, 0, "healthy at the last check"));
        Assert.Equal(1, await database.CreateSession(CancellationToken.None).QuerySingleAsync<int>("select 1"));
        await _hung.PauseAsync();
        return new HungReplica(database, replica, options);
    }

    private sealed record HungReplica(Database Database, Replica Replica, BunbaseOptions Options) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Database.DisposeAsync();
    }

    [Fact]
    public async Task A_replica_found_serving_again_takes_reads_again()
    {
        var options = new BunbaseOptions { Name = "replica-outage", Database = { Url = _testDatabase.Url, ReadReplicas = [_hung.Url] } };
        await using var database = DatabaseFactory.Create(options, Path.GetTempPath(), NullLoggerFactory.Instance);
        var replica = database.Replicas[0];
        replica.MarkDown("a read failed");
        replica.Update(new ReplicaStatus(ReplicaState.Serving, 0, "healthy at the last check"));

        Assert.True(await database.CreateSession(CancellationToken.None).QuerySingleAsync<bool>("select current_database() = 'postgres'"));
    }
}
