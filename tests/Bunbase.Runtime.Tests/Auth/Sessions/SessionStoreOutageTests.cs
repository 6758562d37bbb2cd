using System.Collections;
using System.Net;
using Bunbase.Runtime.Auth;
using Bunbase.Runtime.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

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

    private static Task<AppServer> StartAsync(PrivateRedis redis, string policy) =>
        AppServer.StartAsync(
            extraConfig: $$""" "redis": { "timeoutMs": 200, "connectTimeoutMs": 500 }, "auth": { "sessionSecret": "{{AppServer.SessionSecret}}", "revocationCacheFor": "1s", "onStoreFailure": "{{policy}}" } """,
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
