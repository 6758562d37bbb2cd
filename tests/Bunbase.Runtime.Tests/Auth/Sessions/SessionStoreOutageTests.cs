using System.Collections;
using System.Diagnostics;
using System.Net;
using System.Text;
using Bunbase.Runtime.Auth;
using Bunbase.Runtime.Tests.Infrastructure;
using Bunbase.TestApp.Actions;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Bunbase.Runtime.Tests.Auth.Sessions;

/// <summary>Sessions while a private Redis is stopped or hung, and after it returns.</summary>
public sealed class SessionStoreOutageTests
{
    [Theory]
    [InlineData("Closed", "bearer")]
    [InlineData("Closed", "cookie")]
    [InlineData("Open", "bearer")]
    [InlineData("Open", "cookie")]
    public async Task A_sign_out_during_an_outage_answers_503_keeps_the_cookie_and_works_once_the_store_is_back(string policy, string transport)
    {
        await using var redis = await PrivateRedis.StartAsync();
        await using var server = await StartAsync(redis, policy);
        using var client = TestSessions.PlainClient(server);
        var token = await TestSessions.StartAsync(client, $"ann-{Guid.NewGuid():N}");
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(TestSessions.WithBearer(HttpMethod.Get, "/auth/me", token))).StatusCode);

        await redis.StopServerAsync();
        await WaitUntilTheStoreIsMissedAsync(server, client, token);
        using var signOut = await client.SendAsync(SignOut(server, token, transport));

        Assert.Equal("session_store_unavailable", (await Problem.ReadAsync(signOut, HttpStatusCode.ServiceUnavailable)).Code);
        Assert.Null(TestSessions.SetCookie(signOut));

        // Back (empty): the session was not ended, and the client was told so; signing out again ends it.
        await redis.StartServerAsync();
        var status = HttpStatusCode.ServiceUnavailable;
        for (var attempt = 0; attempt < 100 && status != HttpStatusCode.NoContent; attempt++)
        {
            using var again = await client.SendAsync(SignOut(server, token, transport));
            status = again.StatusCode;
            if (status != HttpStatusCode.NoContent)
                await Task.Delay(200);
        }

        Assert.Equal(HttpStatusCode.NoContent, status);
        Assert.Equal("session_revoked", (await Problem.ReadAsync(await client.SendAsync(TestSessions.WithBearer(HttpMethod.Get, "/auth/me", token)), HttpStatusCode.Unauthorized)).Code);
    }

    [Theory]
    [InlineData("stopped")]
    [InlineData("hung")]
    public async Task Session_checks_during_an_outage_wait_about_redis_timeout_not_the_client_s_heartbeat(string outage)
    {
        await using var redis = await PrivateRedis.StartAsync();
        await using var server = await StartAsync(redis, "Closed", timeoutMs: 100);
        using var client = TestSessions.PlainClient(server);

        // Each user's first check in the outage reads the store (nothing cached for them yet).
        var tokens = new List<string>();
        for (var i = 0; i < 7; i++)
            tokens.Add(await TestSessions.StartAsync(client, $"user-{i}-{Guid.NewGuid():N}"));
        if (outage == "stopped")
            await redis.StopServerAsync();
        else
            await redis.PauseAsync(TimeSpan.FromSeconds(60));

        var took = new List<TimeSpan>();
        foreach (var token in tokens)
        {
            var clock = Stopwatch.StartNew();
            using var response = await client.SendAsync(TestSessions.WithBearer(HttpMethod.Get, "/auth/me", token));
            took.Add(clock.Elapsed);
            Assert.Equal("session_store_unavailable", (await Problem.ReadAsync(response, HttpStatusCode.ServiceUnavailable)).Code);
        }

        // The bound is 100 ms; the margin is for a loaded machine. The client's own timeout, checked
        // on a one-second heartbeat, made these about a second each.
        AssertMedianBelow(took, TimeSpan.FromMilliseconds(600));
    }

    [Theory]
    [InlineData("Closed", HttpStatusCode.ServiceUnavailable)]
    [InlineData("Open", HttpStatusCode.OK)]
    public async Task Sign_ins_during_a_hung_store_are_decided_by_the_policy_within_the_timeout(string policy, HttpStatusCode expected)
    {
        await using var redis = await PrivateRedis.StartAsync();
        await using var server = await StartAsync(redis, policy, timeoutMs: 100);
        using var client = TestSessions.PlainClient(server);
        await redis.PauseAsync(TimeSpan.FromSeconds(60));

        // Up to two store calls each: the throttle's count and the session generation.
        var took = new List<TimeSpan>();
        for (var i = 0; i < 5; i++)
        {
            var clock = Stopwatch.StartNew();
            using var response = await client.PostAsync("/auth/sign-in", new StringContent(
                $$"""{"email":"{{SignIn.Email}}","password":"{{SignIn.Password}}"}""", Encoding.UTF8, "application/json"));
            took.Add(clock.Elapsed);
            Assert.Equal(expected, response.StatusCode);
        }

        AssertMedianBelow(took, TimeSpan.FromMilliseconds(900));
    }

    [Fact]
    public async Task On_the_database_a_blocked_store_is_waited_for_at_most_the_connect_timeout()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var server = await AppServer.StartAsync(extraConfig: $$"""
            "database": { "url": "{{database.Url}}", "connectTimeoutMs": 1000 }, "queue": { "enabled": false }, "persistence": { "enabled": false },
            "auth": { "sessionSecret": "{{AppServer.SessionSecret}}", "revocationCacheFor": "1s" }
            """);
        using var client = TestSessions.PlainClient(server);
        var token = await TestSessions.StartAsync(client, $"ann-{Guid.NewGuid():N}");

        // A transaction holding the table: every statement on it waits (up to the 30 s statement timeout).
        await using (var blocker = await database.OpenAsync())
        {
            await using var transaction = await blocker.BeginTransactionAsync();
            await using (var lockTable = new NpgsqlCommand("lock table bunbase_kv in access exclusive mode", blocker, transaction))
                await lockTable.ExecuteNonQueryAsync();

            var clock = Stopwatch.StartNew();
            using var me = await client.SendAsync(TestSessions.WithBearer(HttpMethod.Get, "/auth/me", token));
            using var signOut = await client.SendAsync(TestSessions.WithBearer(HttpMethod.Post, "/auth/sign-out", token));
            var took = clock.Elapsed;

            Assert.Equal("session_store_unavailable", (await Problem.ReadAsync(me, HttpStatusCode.ServiceUnavailable)).Code);
            Assert.Equal("session_store_unavailable", (await Problem.ReadAsync(signOut, HttpStatusCode.ServiceUnavailable)).Code);

            // Three store calls of at most 1 s each; the margin is for a loaded machine, far below the statement timeout.
            Assert.True(took < TimeSpan.FromSeconds(12), $"{took.TotalSeconds:0.0} s");
        }

        await Eventually.TrueAsync(
            async () => (await client.SendAsync(TestSessions.WithBearer(HttpMethod.Get, "/auth/me", token))).StatusCode == HttpStatusCode.OK,
            "the session to be accepted once the table is free");
    }

    private static void AssertMedianBelow(List<TimeSpan> took, TimeSpan bound)
    {
        took.Sort();
        Assert.True(took[took.Count / 2] < bound, string.Join(", ", took.Select(t => $"{t.TotalMilliseconds:0} ms")));
    }

    private static Task<AppServer> StartAsync(PrivateRedis redis, string policy, int timeoutMs = 200) =>
        AppServer.StartAsync(
            extraConfig: $$""" "redis": { "timeoutMs": {{timeoutMs}}, "connectTimeoutMs": 500 }, "auth": { "sessionSecret": "{{AppServer.SessionSecret}}", "revocationCacheFor": "1s", "onStoreFailure": "{{policy}}" } """,
            variables: new Hashtable { ["REDIS_URL"] = redis.Url });

    /// <summary>Past the 1 s cache, a session check reads the store and misses it (counted). Bounded to 30 s.</summary>
    private static async Task WaitUntilTheStoreIsMissedAsync(AppServer server, HttpClient client, string token)
    {
        var store = server.Services.GetRequiredService<AuthStore>();
        var before = store.Failures;
        await Eventually.TrueAsync(
            async () =>
            {
                using var response = await client.SendAsync(TestSessions.WithBearer(HttpMethod.Get, "/auth/me", token));
                return store.Failures > before;
            },
            "a session check to miss the store");
    }

    private static HttpRequestMessage SignOut(AppServer server, string token, string transport) => transport == "bearer"
        ? TestSessions.WithBearer(HttpMethod.Post, "/auth/sign-out", token)
        : TestSessions.WithCookie(HttpMethod.Post, "/auth/sign-out", token, origin: server.Address.GetLeftPart(UriPartial.Authority));
}
