extern alias JobsApp;

using System.Net.Http.Json;
using Bunbase.Runtime.Tests.Infrastructure;

namespace Bunbase.Runtime.Tests.Queue;

/// <summary>The queue fixture app on a database of its own (PostgreSQL, or the embedded file), with its tables migrated at start.</summary>
public sealed class JobsAppServer : IAsyncDisposable
{
    private JobsAppServer(AppServer server, TestDatabase? database)
    {
        Server = server;
        Database = database;
    }

    public AppServer Server { get; }

    /// <summary>Null on the embedded backend.</summary>
    public TestDatabase? Database { get; }

    public HttpClient Client => Server.Client;

    public static string Migrations { get; } = Path.Combine(NodeTools.RepositoryRoot(), "tests", "Bunbase.JobsApp", "migrations").Replace('\\', '/');

    /// <summary>
    /// Starts the app; <paramref name="queue"/> adds <c>queue.*</c> members (poll and lease default to 200 ms and 3 s),
    /// <paramref name="database"/> adds <c>database.*</c> members. <paramref name="databaseUrl"/>: a server of the test's own.
    /// </summary>
    public static async Task<JobsAppServer> StartAsync(bool postgres = true, string queue = "", TestDatabase? database = null, int pollIntervalMs = 200, int leaseMs = 3000, string extraConfig = "", Action<Bunbase.Runtime.Hosting.BunbaseHostOptions>? host = null, string? databaseUrl = null, string databaseOptions = "")
    {
        database ??= postgres && databaseUrl is null ? await TestDatabase.CreateAsync() : null;
        var url = (databaseUrl ?? database?.Url) is { } chosen ? $"\"url\": \"{chosen}\", {databaseOptions}{(databaseOptions.Length > 0 ? "," : "")}" : "";
        var server = await AppServer.StartAsync(
            typeof(JobsApp::Program).Assembly,
            extraConfig: $$"""
                "database": { {{url}} "migrateOnStart": true, "migrationsPath": "{{Migrations}}" },
                "queue": { "pollIntervalMs": {{pollIntervalMs}}, "leaseMs": {{leaseMs}} {{(queue.Length > 0 ? "," + queue : "")}} }
                {{(extraConfig.Length > 0 ? "," + extraConfig : "")}}
                """,
            name: $"jobs-{Guid.NewGuid():N}",
            host: host);
        return new JobsAppServer(server, database);
    }

    public async Task<Guid> EnqueueAsync(object input)
    {
        using var response = await Client.PostAsJsonAsync("/enqueue", input);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<Enqueued>())!.Id;
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        if (Database is not null)
            await Database.DisposeAsync();
    }

    public sealed record Enqueued(Guid Id, string TraceId);
}
