using System.Globalization;

namespace Bunbase.Cli.Tests.Events;

/// <summary>The subscriptions fixture app as a real process on a shared database: what `bunbase start` runs on each instance.</summary>
public sealed class EventsAppProcess : IDisposable
{
    private static readonly string Assembly = Path.Combine(AppContext.BaseDirectory, "Bunbase.EventsApp.dll");
    private static readonly string Migrations = Path.Combine(RepositoryPaths.Root, "tests", "Bunbase.EventsApp", "migrations").Replace('\\', '/');

    private EventsAppProcess(ChildProcess process) => Process = process;

    public ChildProcess Process { get; }

    /// <summary>Leases of 2 s (a dead process's partitions move within about 3 s), checkpoints every 100 events, 16 partitions.</summary>
    public static async Task<EventsAppProcess> StartAsync(string directory, string databaseUrl, int delayMs = 0, int concurrency = 4)
    {
        var port = ChildProcess.FreePort();
        var config = Path.Combine(directory, $"config-{port.ToString(CultureInfo.InvariantCulture)}.json");
        await File.WriteAllTextAsync(config, $$"""
            {
              "name": "events-process",
              "host": "127.0.0.1",
              "port": {{port}},
              "database": { "migrateOnStart": true, "migrationsPath": "{{Migrations}}" },
              "subscriptions": { "pollIntervalMs": 200, "leaseMs": 2000, "checkpointEvery": 100, "partitions": 16, "concurrency": {{concurrency}}, "backoffMs": 20, "maxBackoffMs": 100 }
            }
            """);
        var process = ChildProcess.Start(
            directory,
            new Dictionary<string, string> { ["DATABASE_URL"] = databaseUrl, ["EVENTS_APP_DELAY_MS"] = delayMs.ToString(CultureInfo.InvariantCulture) },
            Assembly,
            "--config",
            config);
        if (!await process.WaitUntilServingAsync(new Uri($"http://127.0.0.1:{port}/_health/live"), TimeSpan.FromSeconds(60)))
            throw new InvalidOperationException("the events app did not start: " + process.Output);
        return new EventsAppProcess(process);
    }

    public void Dispose() => Process.Dispose();
}
