extern alias AccountsApp;

using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Bunbase.Runtime.Tests.Infrastructure;
using Bunbase.Runtime.Tests.Mail;
using Microsoft.Extensions.DependencyInjection;

namespace Bunbase.Runtime.Tests.Accounts;

/// <summary>An app with <c>accounts.enabled</c> on a PostgreSQL database of its own (or the embedded file), mailing to an SMTP sink on loopback.</summary>
public sealed partial class AccountsAppServer : IAsyncDisposable
{
    private AccountsAppServer(AppServer server, TestDatabase? database, SmtpSink sink)
    {
        Server = server;
        Database = database;
        Sink = sink;
    }

    public AppServer Server { get; }

    public TestDatabase? Database { get; }

    public SmtpSink Sink { get; }

    public HttpClient Client => Server.Client;

    /// <summary>Starts the app; <paramref name="accounts"/> adds <c>accounts.*</c> members.</summary>
    public static async Task<AccountsAppServer> StartAsync(bool postgres = true, string accounts = "", TimeProvider? clock = null, Action<IServiceCollection>? services = null)
    {
        var sink = await SmtpSink.StartAsync();
        var database = postgres ? await TestDatabase.CreateAsync() : null;
        var url = database is null ? "" : $"\"database\": {{ \"url\": \"{database.Url}\" }},";
        var server = await AppServer.StartAsync(
            typeof(AccountsApp::Program).Assembly,
            extraConfig: $$"""
                {{url}}
                "queue": { "pollIntervalMs": 100 },
                "mail": { "from": "App <app@example.com>", "smtp": { "host": "127.0.0.1", "port": {{sink.Port}}, "security": "none", "timeoutMs": 5000 } },
                "accounts": { "enabled": true {{(accounts.Length > 0 ? "," + accounts : "")}} }
                """,
            name: $"accounts-{Guid.NewGuid():N}",
            host: clock is null && services is null ? null : h => h.ConfigureServices = s =>
            {
                if (clock is not null)
                    s.AddSingleton(clock);
                services?.Invoke(s);
            });
        return new AccountsAppServer(server, database, sink);
    }

    public Task<HttpResponseMessage> PostAsync(string path, object body, string? token = null) => SendAsync(HttpMethod.Post, path, body, token);

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, object? body, string? token = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
            request.Content = JsonContent.Create(body);
        if (token is not null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await Client.SendAsync(request);
    }

    public async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement;
    }

    /// <summary>The code in the subject of the <paramref name="count"/>th message at the sink (waiting for it).</summary>
    public async Task<string> CodeAsync(int count)
    {
        var received = await Sink.WaitForAsync(count);
        return CodePattern().Match(received[count - 1].Message.Subject ?? "").Value;
    }

    /// <summary>
    /// The code in the latest of the first <paramref name="count"/> messages (waiting for them) whose subject has
    /// <paramref name="subject"/>: the queue delivers mails in any order, so a code is found by its mail's kind.
    /// </summary>
    public async Task<string> CodeAsync(int count, string subject)
    {
        var received = await Sink.WaitForAsync(count);
        return CodePattern().Match(received.Last(m => (m.Message.Subject ?? "").Contains(subject, StringComparison.Ordinal)).Message.Subject!).Value;
    }

    /// <summary>Signs up, verifies with the mailed code and signs in; returns the token.</summary>
    public async Task<string> SignedUpAsync(string email, string password = "correct horse battery", int mailsBefore = 0)
    {
        await JsonAsync(await PostAsync("/_accounts/sign-up", new { email, password }), HttpStatusCode.Accepted);
        var code = await CodeAsync(mailsBefore + 1);
        await JsonAsync(await PostAsync("/_accounts/verify-email", new { email, code }), HttpStatusCode.OK);
        var signedIn = await JsonAsync(await PostAsync("/_accounts/sign-in", new { email, password }), HttpStatusCode.OK);
        return signedIn.GetProperty("token").GetString()!;
    }

    /// <summary>The counted work of the no-enumeration promise: PBKDF2 computations and code hashes so far.</summary>
    public (long Passwords, long Codes) Work() =>
        (Server.Services.GetRequiredService<Bunbase.Runtime.Auth.Passwords.PasswordHashing>().Operations,
         Server.Services.GetRequiredService<Bunbase.Runtime.Accounts.AccountCodes>().Operations);

    /// <summary>Runs SQL on the app's database (PostgreSQL or the embedded file).</summary>
    public Task<int> ExecuteAsync(string sql, object? parameters = null) =>
        Server.Services.GetRequiredService<Bunbase.Runtime.Data.Database>().OnPrimaryAsync(
            connection => Dapper.SqlMapper.ExecuteAsync(connection, sql, parameters), CancellationToken.None);

    /// <summary>A value read from the app's database (PostgreSQL or the embedded file).</summary>
    public Task<T?> QueryAsync<T>(string sql, object? parameters = null) =>
        Server.Services.GetRequiredService<Bunbase.Runtime.Data.Database>().OnPrimaryAsync(
            connection => Dapper.SqlMapper.QuerySingleOrDefaultAsync<T>(connection, sql, parameters), CancellationToken.None);

    /// <summary>The id of the account with the (normalised) email, or null.</summary>
    public Task<string?> AccountIdAsync(string email) => QueryAsync<string>("select id from bunbase_accounts where email = @email", new { email });

    /// <summary>The events of the account's stream <c>account-{id}</c>: type and data.</summary>
    public async Task<IReadOnlyList<(string Type, JsonElement Data, Guid Id)>> AccountEventsAsync(string accountId)
    {
        var events = await Server.Services.GetRequiredService<Bunbase.Runtime.Events.IEventStore>().ReadStreamAsync("account-" + accountId, 1, 100, CancellationToken.None);
        return [.. events.Select(e => (e.Type, JsonDocument.Parse(e.Data).RootElement.Clone(), e.Id))];
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        if (Database is not null)
            await Database.DisposeAsync();
        await Sink.DisposeAsync();
    }

    [GeneratedRegex("[0-9A-Z]{10}$")]
    private static partial Regex CodePattern();
}
