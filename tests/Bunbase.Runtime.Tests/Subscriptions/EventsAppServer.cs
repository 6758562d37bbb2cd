extern alias EventsApp;

using System.Net.Http.Json;
using System.Text.Json;
using Bunbase.Runtime.Data;
using Bunbase.Runtime.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Bunbase.Runtime.Tests.Subscriptions;

/// <summary>The subscriptions fixture app in-process, on a PostgreSQL database of its own or on the embedded file.</summary>
public sealed class EventsAppServer : IAsyncDisposable
{
    private static readonly string Migrations = Path.Combine(NodeTools.RepositoryRoot(), "tests", "Bunbase.EventsApp", "migrations").Replace('\\', '/');

    private EventsAppServer(AppServer server, TestDatabase? database)
    {
        Server = server;
        Database = database;
    }

    public AppServer Server { get; }

    /// <summary>Null on the embedded file.</summary>
    public TestDatabase? Database { get; }

    public static async Task<EventsAppServer> StartAsync(bool postgres = true, string subscriptions = "")
    {
        var database = postgres ? await TestDatabase.CreateAsync() : null;
        var url = database is null ? "" : $"\"url\": \"{database.Url}\",";
        var server = await AppServer.StartAsync(
            typeof(EventsApp::Program).Assembly,
            extraConfig: $$"""
                "database": { {{url}} "migrateOnStart": true, "migrationsPath": "{{Migrations}}" },
                "subscriptions": { "pollIntervalMs": 100, "leaseMs": 1500, "partitions": 4, "maxAttempts": 3, "backoffMs": 10, "maxBackoffMs": 20 {{(subscriptions.Length > 0 ? "," + subscriptions : "")}} }
                """,
            name: $"events-{Guid.NewGuid():N}");
        return new EventsAppServer(server, database);
    }

    /// <summary>Publishes one event through <c>POST /publish</c> (ctx.Events); returns the publishing request's trace id.</summary>
    public async Task<string> PublishAsync(string stream, string type, object data, string? correlationId = null)
    {
        using var response = await Server.Client.PostAsJsonAsync("/publish", new { stream, type, data, correlationId });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("traceId").GetString()!;
    }

    /// <summary>A count (or any whole number) read from the app's database, PostgreSQL or the embedded file.</summary>
    public Task<long> CountAsync(string sql) => ScalarAsync<long>(sql);

    /// <summary>One value read from the app's database.</summary>
    public Task<T?> ScalarAsync<T>(string sql) =>
        Server.Services.GetRequiredService<Database>().CreateSession(CancellationToken.None).ExecuteScalarAsync<T>(sql);

    /// <summary>A statement on the app's database.</summary>
    public Task ExecuteAsync(string sql) =>
        Server.Services.GetRequiredService<Database>().CreateSession(CancellationToken.None).ExecuteAsync(sql);

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        if (Database is not null)
            await Database.DisposeAsync();
    }
}
