extern alias MailApp;

using Bunbase.Runtime.Tests.Infrastructure;

namespace Bunbase.Runtime.Tests.Mail;

/// <summary>The mail fixture app on a PostgreSQL database of its own (or the embedded file), sending to an SMTP server on loopback.</summary>
public sealed class MailAppServer : IAsyncDisposable
{
    private MailAppServer(AppServer server, TestDatabase? database)
    {
        Server = server;
        Database = database;
    }

    public AppServer Server { get; }

    public TestDatabase? Database { get; }

    public HttpClient Client => Server.Client;

    /// <summary>
    /// Starts the app sending to 127.0.0.1:<paramref name="smtpPort"/>; <paramref name="mail"/> adds <c>mail.*</c> members,
    /// <paramref name="security"/> and <paramref name="smtpTimeoutMs"/> are <c>mail.smtp.security</c> and <c>.timeoutMs</c>.
    /// </summary>
    /// <remarks><c>databaseUrl</c>: a server of the test's own (with a one-second connect timeout) instead of a database on the shared one.</remarks>
    public static async Task<MailAppServer> StartAsync(int smtpPort, bool postgres = true, string mail = "", string security = "none", int smtpTimeoutMs = 5000, string? databaseUrl = null)
    {
        var database = postgres && databaseUrl is null ? await TestDatabase.CreateAsync() : null;
        var templates = Path.Combine(NodeTools.RepositoryRoot(), "tests", "Bunbase.MailApp", "mail").Replace('\\', '/');
        var url = databaseUrl is not null ? $"\"database\": {{ \"url\": \"{databaseUrl}\", \"connectTimeoutMs\": 1000 }},"
            : database is null ? "" : $"\"database\": {{ \"url\": \"{database.Url}\" }},";
        var server = await AppServer.StartAsync(
            typeof(MailApp::Program).Assembly,
            extraConfig: $$"""
                {{url}}
                "queue": { "pollIntervalMs": 100 },
                "mail": {
                    "from": "App <app@example.com>",
                    "templatesPath": "{{templates}}",
                    "smtp": { "host": "127.0.0.1", "port": {{smtpPort}}, "security": "{{security}}", "timeoutMs": {{smtpTimeoutMs}} },
                    "backoffMs": 100, "maxBackoffMs": 300
                    {{(mail.Length > 0 ? "," + mail : "")}}
                }
                """,
            name: $"mail-{Guid.NewGuid():N}");
        return new MailAppServer(server, database);
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        if (Database is not null)
            await Database.DisposeAsync();
    }
}
