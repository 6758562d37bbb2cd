using System.Globalization;
using System.Net.Http.Json;

namespace Bunbase.Cli.Tests.Queue;

/// <summary>The queue fixture app as a real process on a shared database: what `bunbase start` runs on each instance.</summary>
public sealed class JobsAppProcess : IDisposable
{
    private static readonly string Assembly = Path.Combine(AppContext.BaseDirectory, "Bunbase.JobsApp.dll");
    private static readonly string Migrations = Path.Combine(RepositoryPaths.Root, "tests", "Bunbase.JobsApp", "migrations").Replace('\\', '/');

    private JobsAppProcess(ChildProcess process, Uri address)
    {
        Process = process;
        Client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(120) };
    }

    public ChildProcess Process { get; }

    public HttpClient Client { get; }

    public static async Task<JobsAppProcess> StartAsync(string directory, string databaseUrl, string queue = "", int shutdownTimeoutMs = 2000)
    {
        var port = ChildProcess.FreePort();
        var config = Path.Combine(directory, $"config-{port.ToString(CultureInfo.InvariantCulture)}.json");
        await File.WriteAllTextAsync(config, $$"""
            {
              "name": "jobs-process",
              "host": "127.0.0.1",
              "port": {{port}},
              "database": { "migrateOnStart": true, "migrationsPath": "{{Migrations}}" },
              "queue": { "pollIntervalMs": 200, "leaseMs": 2000, "shutdownTimeoutMs": {{shutdownTimeoutMs}} {{(queue.Length > 0 ? "," + queue : "")}} }
            }
            """);
        var process = ChildProcess.Start(directory, new Dictionary<string, string> { ["DATABASE_URL"] = databaseUrl }, Assembly, "--config", config);
        var address = new Uri($"http://127.0.0.1:{port}");
        if (!await process.WaitUntilServingAsync(new Uri(address, "/_health/live"), TimeSpan.FromSeconds(60)))
            throw new InvalidOperationException("the jobs app did not start: " + process.Output);
        return new JobsAppProcess(process, address);
    }

    public async Task PostAsync(string path, object body)
    {
        using var response = await Client.PostAsJsonAsync(path, body);
        if (!response.IsSuccessStatusCode)
            throw new HttpRequestException($"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    public void Dispose()
    {
        Client.Dispose();
        Process.Dispose();
    }
}
