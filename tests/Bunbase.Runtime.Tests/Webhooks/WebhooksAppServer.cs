extern alias WebhooksApp;

using Bunbase.Runtime.Tests.Infrastructure;

namespace Bunbase.Runtime.Tests.Webhooks;

/// <summary>The webhooks fixture app on a PostgreSQL database of its own, its tables migrated at start, with the receivers' secrets configured.</summary>
public sealed class WebhooksAppServer : IAsyncDisposable
{
    public const string StandardSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    public const string GitHubSecret = "github shared secret, not base64";
    public const string StripeSecret = "whsec_stripe_like_plain_secret_text";

    private WebhooksAppServer(AppServer server, TestDatabase database)
    {
        Server = server;
        Database = database;
    }

    public AppServer Server { get; }

    public TestDatabase Database { get; }

    public HttpClient Client => Server.Client;

    /// <summary>Starts the app; <paramref name="webhooks"/> adds <c>webhooks.*</c> members besides the secrets.</summary>
    public static async Task<WebhooksAppServer> StartAsync(string webhooks = "")
    {
        var database = await TestDatabase.CreateAsync();
        var migrations = Path.Combine(NodeTools.RepositoryRoot(), "tests", "Bunbase.WebhooksApp", "migrations").Replace('\\', '/');
        var server = await AppServer.StartAsync(
            typeof(WebhooksApp::Program).Assembly,
            extraConfig: $$"""
                "database": { "url": "{{database.Url}}", "migrateOnStart": true, "migrationsPath": "{{migrations}}" },
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
        await Database.DisposeAsync();
    }
}
