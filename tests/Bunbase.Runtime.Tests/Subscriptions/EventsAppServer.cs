extern alias EventsApp;

using Bunbase.Runtime.Tests.Infrastructure;

namespace Bunbase.Runtime.Tests.Subscriptions;

/// <summary>The subscriptions fixture app in-process on a PostgreSQL database of its own, the event tables created first (as the store's start-up would).</summary>
public sealed class EventsAppServer : IAsyncDisposable
{
    private static readonly string Migrations = Path.Combine(NodeTools.RepositoryRoot(), "tests", "Bunbase.EventsApp", "migrations").Replace('\\', '/');

    private EventsAppServer(AppServer server, TestDatabase database)
    {
        Server = server;
        Database = database;
    }

    public AppServer Server { get; }

    public TestDatabase Database { get; }

    public static async Task<EventsAppServer> StartAsync(string subscriptions = "")
    {
        var database = await TestDatabase.CreateAsync();
        await database.ExecuteAsync(EventRows.Schema);
        var server = await AppServer.StartAsync(
            typeof(EventsApp::Program).Assembly,
            extraConfig: $$"""
                "database": { "url": "{{database.Url}}", "migrateOnStart": true, "migrationsPath": "{{Migrations}}" },
                "subscriptions": { "pollIntervalMs": 100, "leaseMs": 1500, "partitions": 4, "maxAttempts": 3, "backoffMs": 10, "maxBackoffMs": 20 {{(subscriptions.Length > 0 ? "," + subscriptions : "")}} }
                """,
            name: $"events-{Guid.NewGuid():N}");
        return new EventsAppServer(server, database);
    }

    /// <summary>Stores one event as a publisher's commit leaves it (sequenced).</summary>
    public Task PublishAsync(string stream, string type, string data, string metadata = "{}") =>
        Database.ExecuteAsync(EventRows.One(stream, type, data, metadata));

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        await Database.DisposeAsync();
    }
}
