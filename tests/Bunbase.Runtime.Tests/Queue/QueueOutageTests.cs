using Bunbase.Runtime.Tests.Infrastructure;
using Npgsql;
using OpenTelemetry.Logs;

namespace Bunbase.Runtime.Tests.Queue;

/// <summary>The queue while its PostgreSQL server (one of the test's own) stops under running jobs.</summary>
public sealed class QueueOutageTests
{
    [Fact]
    public async Task A_failure_that_cannot_be_written_is_written_when_the_database_returns_and_its_attempt_counts()
    {
        await using var postgres = await PrivatePostgres.StartAsync();
        var collector = new SpanCollector();

        // A lease far longer than the outage: the job can only move on if its failure gets written
        // (an expired lease would let the reaper move it instead, and prove nothing).
        await using var app = await JobsAppServer.StartAsync(
            databaseUrl: postgres.Url,
            databaseOptions: "\"connectTimeoutMs\": 1000",
            leaseMs: 60_000,
            queue: "\"workers\": 8", // the three jobs run at once, and a cron tick beside them, whatever the machine's cores
            host: host => host.ConfigureLogExport = logs => logs.AddInMemoryExporter(collector.Logs));
        // The attempts fail only once the server is down (a busy machine may take seconds to stop it).
        var release = Path.Combine(Path.GetTempPath(), $"bunbase-outage-{Guid.NewGuid():N}");
        try
        {
            for (var i = 0; i < 3; i++)
                await app.EnqueueAsync(new { key = $"outage-{i}", failTimes = 1, waitForFile = release });
            await Eventually.TrueAsync(async () => await postgres.TryScalarAsync<long>("select count(*) from bunbase_jobs where status = 'running' and input like '%outage-%'") == 3, "the jobs to run");

            var ids = await IdsAsync(postgres);

            await postgres.StopServerAsync();
            await File.WriteAllTextAsync(release, "");
            // Only these jobs' failures count: a cron tick running across the stop is deferred the same way.
            await Eventually.TrueAsync(
                () => Task.FromResult(ids.Count(id => collector.Logs.ToArray().Any(l =>
                    l.FormattedMessage?.StartsWith($"Could not record the failure of job {id}", StringComparison.Ordinal) == true)) == 3),
                "the three failures to be refused by the stopped server");
            await postgres.StartServerAsync();

            // A second attempt handed a pooled connection that died with the server would fail too (57P01), and run a third time.
            await Eventually.TrueAsync(
                async () => await postgres.TryScalarAsync<long>("select count(*) from job_runs where key like 'outage-%' and attempt = 2") == 3,
                "each job's second attempt to run and succeed",
                seconds: 45);
            await Eventually.TrueAsync(
                async () => await postgres.TryScalarAsync<long>("select count(*) from bunbase_jobs where input like '%outage-%'") == 0,
                "the completed jobs to be deleted");
            Assert.Equal(0L, await postgres.TryScalarAsync<long>("select count(*) from job_runs where key like 'outage-%' and attempt <> 2"));
        }
        finally
        {
            File.Delete(release);
        }
    }

    private static async Task<Guid[]> IdsAsync(PrivatePostgres postgres)
    {
        await using var connection = new NpgsqlConnection(TestDatabase.ConnectionString(postgres.Url));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select id from bunbase_jobs where input like '%outage-%'", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var ids = new List<Guid>();
        while (await reader.ReadAsync())
            ids.Add(reader.GetGuid(0));
        return [.. ids];
    }
}
