using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Bunbase.Runtime.Tests.Infrastructure;

namespace Bunbase.Runtime.Tests.Data;

/// <summary>
/// Reads and writes against the real streaming replica that ./test.sh starts: which server answers
/// (<c>pg_is_in_recovery()</c>), what happens when the replica stops or falls behind.
/// </summary>
[Collection(ReplicaServer.Collection)]
public sealed class ReplicaRoutingTests : IAsyncLifetime
{
    private TestDatabase _database = null!;
    private AppServer _server = null!;

    private HttpClient Client => _server.Client;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        await _database.ExecuteAsync("create table probes (id bigint generated always as identity primary key, note text not null)");
        await ReplicaServer.CatchUpAsync(_database);
        _server = await AppServer.StartAsync(extraConfig: $$"""
            "database": {
              "url": "{{_database.Url}}",
              "readReplicas": ["{{_database.ReplicaUrl}}"],
              "replicaCheckIntervalMs": 100,
              "maxReplicaLagMs": 3000
            }
            """);
        await Eventually.TrueAsync(async () => (await WhereAsync()).Standby, "the replica to serve reads");
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task Reads_are_answered_by_the_standby_and_writes_by_the_primary()
    {
        // Other tests write to the same primary: on a busy machine the replica may briefly lag past the limit.
        await Eventually.TrueAsync(async () => (await WhereAsync()).Standby, "the replica to serve reads");

        var write = await WriteThenReadAsync("w");

        Assert.False(write.ReadOnStandby);
        Assert.Equal("w", await _database.ScalarAsync<string>($"select note from probes where id = {write.Id}"));
    }

    [Fact]
    public async Task An_invocation_that_wrote_reads_its_own_write_from_the_primary()
    {
        for (var i = 0; i < 20; i++)
        {
            var result = await WriteThenReadAsync($"note {i}");
            Assert.True(result.Found, $"write {i} was not visible to the read that followed it");
            Assert.False(result.ReadOnStandby);
        }
    }

    [Fact]
    public async Task A_nested_call_after_a_write_reads_from_the_primary_too()
    {
        var response = await Client.PostAsJsonAsync("/db/write-then-call", new { note = "n" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False((await response.Content.ReadFromJsonAsync<WhereDto>())!.Standby);
    }

    [Fact]
    public async Task Primary_forces_the_primary()
    {
        var response = await Client.GetFromJsonAsync<WhereDto>("/db/where-primary");

        Assert.False(response!.Standby);
    }

    [Fact]
    public async Task A_stopped_replica_sends_reads_to_the_primary_without_a_failed_request()
    {
        using var load = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var statuses = new System.Collections.Concurrent.ConcurrentBag<HttpStatusCode>();
        var answeredByPrimary = 0;
        var readers = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < 5_000 && !load.IsCancellationRequested; i++)
            {
                using var response = await Client.GetAsync("/db/where", CancellationToken.None);
                statuses.Add(response.StatusCode);
                if (response.IsSuccessStatusCode && !(await response.Content.ReadFromJsonAsync<WhereDto>())!.Standby)
                    Interlocked.Increment(ref answeredByPrimary);
            }
        })).ToList();

        try
        {
            await Task.Delay(300);
            await ReplicaServer.StopAsync();
            await Eventually.TrueAsync(() => Task.FromResult(Volatile.Read(ref answeredByPrimary) > 100), "reads to move to the primary");
        }
        finally
        {
            await load.CancelAsync();
            await Task.WhenAll(readers);
            await ReplicaServer.StartAsync();
        }

        Assert.NotEmpty(statuses);
        Assert.All(statuses, status => Assert.Equal(HttpStatusCode.OK, status));
        var health = await HealthAsync();
        Assert.Equal("Healthy", health.GetProperty("checks").GetProperty("database").GetProperty("status").GetString());

        // Back in service once the check finds it healthy again.
        await Eventually.TrueAsync(async () => (await WhereAsync()).Standby, "the restarted replica to serve reads again");
    }

    [Fact]
    public async Task A_replica_lagging_more_than_the_limit_is_skipped_until_it_catches_up()
    {
        await ReplicaServer.PauseReplayAsync();
        try
        {
            await _database.ExecuteAsync("insert into probes (note) values ('moves the primary ahead')");
            await Eventually.TrueAsync(async () => !(await WhereAsync()).Standby, "the lagging replica to be skipped");
            var replica = (await HealthAsync()).GetProperty("checks").GetProperty("database-replica-0");
            Assert.Equal("Degraded", replica.GetProperty("status").GetString());
            Assert.Contains("Lagging", replica.GetProperty("description").GetString(), StringComparison.Ordinal);
        }
        finally
        {
            await ReplicaServer.ResumeReplayAsync();
        }

        await Eventually.TrueAsync(async () => (await WhereAsync()).Standby, "the caught-up replica to serve reads again");
    }

    [Fact]
    public async Task Readiness_checks_the_primary_and_each_replica()
    {
        // Other tests write to the same primary: on a busy machine the replica may briefly lag past the limit (Degraded).
        await Eventually.TrueAsync(async () => (await WhereAsync()).Standby, "the replica to serve reads");
        using var response = await Client.SendAsync(TestSessions.WithBearer(HttpMethod.Get, "/_health/ready", await AdminTokenAsync()));
        var checks = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("checks");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", checks.GetProperty("database").GetProperty("status").GetString());
        Assert.Equal("Healthy", checks.GetProperty("database-replica-0").GetProperty("status").GetString());
        Assert.Contains("serving reads", checks.GetProperty("database-replica-0").GetProperty("description").GetString(), StringComparison.Ordinal);
    }

    private async Task<WhereDto> WhereAsync() => (await Client.GetFromJsonAsync<WhereDto>("/db/where"))!;

    private async Task<WriteDto> WriteThenReadAsync(string note)
    {
        using var response = await Client.PostAsJsonAsync("/db/write-then-read", new { note });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<WriteDto>())!;
    }

    // Outside Development only an admin sees what each check found.
    private Task<string> AdminTokenAsync() => TestSessions.StartAsync(Client, "ops", roles: ["admin"]);

    private async Task<JsonElement> HealthAsync()
    {
        using var response = await Client.SendAsync(TestSessions.WithBearer(HttpMethod.Get, "/_health", await AdminTokenAsync()));
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    private sealed record WhereDto(bool Standby);

    private sealed record WriteDto(long Id, bool Found, bool ReadOnStandby);
}
