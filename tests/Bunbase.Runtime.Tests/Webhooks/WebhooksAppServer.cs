extern alias WebhooksApp;

using Bunbase.Runtime.Tests.Infrastructure;

namespace Bunbase.Runtime.Tests.Webhooks;

/// <summary>The webhooks fixture app on a PostgreSQL database of its own, its tables migrated at start, with the receivers' secrets configured.</summary>
public sealed class WebhooksAppServer : IAsyncDisposable
{
    public const string StandardSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    public const string GitHubSecret = "github shared secret, not base64";
    public const string StripeSecret = "whsec_stripe_like_plain_secret_text";

    private readonly TestDatabase? _database;

    private WebhooksAppServer(AppServer server, TestDatabase? database)
    {
        Server = server;
        _database = database;
    }

    public AppServer Server { get; }

    public TestDatabase Database => _database ?? throw new InvalidOperationException("The app runs on a server of the test's own.");

    public HttpClient Client => Server.Client;

    /// <summary>
    /// Starts the app; <paramref name="webhooks"/> adds <c>webhooks.*</c> members besides the secrets; <paramref name="databaseUrl"/>
    /// is a server of the test's own (with a one-second connect timeout) instead of a database on the shared one.
    /// </summary>
    public static async Task<WebhooksAppServer> StartAsync(string webhooks = "", string? databaseUrl = null)
    {
        var database = databaseUrl is null ? await TestDatabase.CreateAsync() : null;
        var migrations = Path.Combine(NodeTools.RepositoryRoot(), "tests", "Bunbase.WebhooksApp", "migrations").Replace('\\', '/');
        var server = await AppServer.StartAsync(
            typeof(WebhooksApp::Program).Assembly,
            extraConfig: $$"""
                "database": { "url": "{{databaseUrl ?? database!.Url}}", "connectTimeoutMs": {{(databaseUrl is null ? 5000 : 1000)}}, "migrateOnStart": true, "migrationsPath": "{{migrations}}" },
                "queue": { "pollIntervalMs": 200 },
                "webhooks": {
                    "secrets": [
                        { "name": "standard", "secret": "{{StandardSecret}}" },
                        { "name": "github", "secret": "{{GitHubSecret}}" },
                        { "name": "stripe", "secret": "{{StripeSecret}}" }
                    ]
                    {{(webhooks.Length > 0 ? "," + webhooks : "")}}
                }
                """,
            name: $"webhooks-{Guid.NewGuid():N}");
        return new WebhooksAppServer(server, database);
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        if (_database is not null)
            await _database.DisposeAsync();
    }
}
