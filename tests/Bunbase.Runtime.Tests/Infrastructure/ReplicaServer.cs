using System.Diagnostics;
using Npgsql;

namespace Bunbase.Runtime.Tests.Infrastructure;

/// <summary>
/// The real streaming replica that ./test.sh runs: stopped and started with pg_ctl (as the
/// postgres user), its WAL replay paused and resumed. Tests that touch it share one collection,
/// so they never run at the same time.
/// </summary>
public static class ReplicaServer
{
    public const string Collection = "replica";

    public static Task StopAsync() => PgCtlAsync("-m", "fast", "-w", "-t", "60", "stop");

    public static Task StartAsync() => PgCtlAsync("-l", Path.Combine(TestServices.ReplicaDirectory, "server.log"), "-w", "-t", "60", "start");

    public static Task PauseReplayAsync() => ExecuteAsync("select pg_wal_replay_pause()");

    public static Task ResumeReplayAsync() => ExecuteAsync("select pg_wal_replay_resume()");

    /// <summary>Waits (bounded) until the replica has replayed everything the primary has written so far.</summary>
    public static async Task CatchUpAsync(TestDatabase database)
    {
        string target;
        await using (var primary = await database.OpenAsync())
        await using (var command = new NpgsqlCommand("select pg_current_wal_lsn()::text", primary))
            target = (string)(await command.ExecuteScalarAsync())!;
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(30))
        {
            try
            {
                await using var replica = new NpgsqlConnection(TestDatabase.ConnectionString(database.ReplicaUrl));
                await replica.OpenAsync();
                await using var command = new NpgsqlCommand("select pg_last_wal_replay_lsn() >= @target::pg_lsn", replica);
                command.Parameters.AddWithValue("target", target);
                if ((bool)(await command.ExecuteScalarAsync())!)
                    return;
            }
            catch (NpgsqlException)
            {
                // The database may not exist on the replica yet.
            }

            await Task.Delay(50);
        }

        throw new TimeoutException("The replica did not catch up within 30 s.");
    }

    private static async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(TestDatabase.ConnectionString(TestServices.ReplicaUrl));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task PgCtlAsync(params string[] arguments)
    {
        var asPostgres = Environment.UserName == "root";
        var start = new ProcessStartInfo(asPostgres ? "runuser" : "/usr/lib/postgresql/15/bin/pg_ctl")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (asPostgres)
        {
            foreach (var argument in (string[])["-u", "postgres", "--", "/usr/lib/postgresql/15/bin/pg_ctl"])
                start.ArgumentList.Add(argument);
        }

        start.ArgumentList.Add("-D");
        start.ArgumentList.Add(TestServices.ReplicaDirectory);
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"pg_ctl {string.Join(' ', arguments)} failed: {output}");
    }
}

/// <summary>Tests that stop, start or pause the shared replica never run at the same time.</summary>
[CollectionDefinition(ReplicaServer.Collection, DisableParallelization = true)]
public sealed class ReplicaCollection;
