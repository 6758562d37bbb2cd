using System.Collections;
using System.Net;
using Bunbase.Runtime.Auth;
using Bunbase.Runtime.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Bunbase.Runtime.Tests.Auth.Sessions;

/// <summary>Sign-out and sign-out-everywhere, on one instance and across instances sharing Redis.</summary>
public sealed class SessionRevocationsTests
{
    [Fact]
    public async Task Sign_out_ends_the_session_at_once_and_deletes_the_cookie()
    {
        await using var server = await AppServer.StartAsync();
        using var client = TestSessions.PlainClient(server);
        var token = await TestSessions.StartAsync(client, $"ann-{Guid.NewGuid():N}");
        var other = await TestSessions.StartAsync(client, $"bob-{Guid.NewGuid():N}");

        using var signOut = await client.SendAsync(TestSessions.WithCookie(HttpMethod.Post, "/auth/sign-out", token, origin: Origin(server)));

        Assert.Equal(HttpStatusCode.NoContent, signOut.StatusCode);
        Assert.StartsWith("session=;", TestSessions.SetCookie(signOut), StringComparison.Ordinal);
        Assert.Equal("session_revoked", (await Problem.ReadAsync(await client.SendAsync(TestSessions.WithBearer(HttpMethod.Get, "/auth/me", token)), HttpStatusCode.Unauthorized)).Code);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(TestSessions.WithBearer(HttpMethod.Get, "/auth/me", other))).StatusCode);
    }

    [Fact]
    public async Task Sign_out_everywhere_ends_every_session_of_the_user_and_only_theirs()
    {
        await using var server = await AppServer.StartAsync();
        using var client = TestSessions.PlainClient(server);
        var user = $"ann-{Guid.NewGuid():N}";
        var phone = await TestSessions.StartAsync(client, user);
        var laptop = await TestSessions.StartAsync(client, user);
        var someoneElse = await TestSessions.StartAsync(client, $"bob-{Guid.NewGuid():N}");

        using var everywhere = await client.SendAsync(TestSessions.WithBearer(HttpMethod.Post, "/auth/sign-out-everywhere", phone));
        var fresh = await TestSessions.StartAsync(client, user);

        Assert.Equal(HttpStatusCode.NoContent, everywhere.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(TestSessions.WithBearer(HttpMethod.Get, "/auth/me", phone))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(TestSessions.WithBearer(HttpMethod.Get, "/auth/me", laptop))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(TestSessions.WithBearer(HttpMethod.Get, "/auth/me", someoneElse))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(TestSessions.WithBearer(HttpMethod.Get, "/auth/me", fresh))).StatusCode);
    }

    [Fact]
    public async Task A_renewed_token_of_a_revoked_session_is_revoked_too()
    {
        await using var server = await AppServer.StartAsync();
        using var client = TestSessions.PlainClient(server);
        var user = $"ann-{Guid.NewGuid():N}";
        var old = TokenForge.Sign(TokenForge.Payload("test", user, issuedAgo: TimeSpan.FromDays(4), expiresIn: TimeSpan.FromDays(3)), AppServer.SessionSecret);
        using var renewal = await client.SendAsync(TestSessions.WithBearer(HttpMethod.Get, "/auth/me", old));
        var renewed = renewal.Headers.GetValues("Session-Token").Single();

        await client.SendAsync(TestSessions.WithBearer(HttpMethod.Post, "/auth/sign-out", old));

        Assert.Equal("session_revoked", (await Problem.ReadAsync(await client.SendAsync(TestSessions.WithBearer(HttpMethod.Get, "/auth/me", renewed)), HttpStatusCode.Unauthorized)).Code);
    }

    [Fact]
    public async Task A_session_signed_out_on_one_instance_stops_working_on_another_within_the_stated_bound()
    {
        var name = $"rev-{Guid.NewGuid():N}";
        var config = $$""" "auth": { "sessionSecret": "{{AppServer.SessionSecret}}", "revocationCacheFor": "1s" } """;
        var redis = new Hashtable { ["REDIS_URL"] = TestServices.RedisUrl };
        await using var first = await AppServer.StartAsync(extraConfig: config, variables: redis, name: name);
        await using var second = await AppServer.StartAsync(extraConfig: config, variables: redis, name: name);
        using var a = TestSessions.PlainClient(first);
        using var b = TestSessions.PlainClient(second);
        var token = await TestSessions.StartAsync(a, $"ann-{Guid.NewGuid():N}");

        // The second instance has read (and cached) the user's record.
        Assert.Equal(HttpStatusCode.OK, (await b.SendAsync(TestSessions.WithBearer(HttpMethod.Get, "/auth/me", token))).StatusCode);
        await a.SendAsync(TestSessions.WithBearer(HttpMethod.Post, "/auth/sign-out", token));
        var signedOutAt = DateTime.UtcNow;

        // Polled for at most 10 s. The bound is the 1 s cache: no request sent later than that after the
        // sign-out may be answered OK. Judged by when each request was sent, so a slow answer on a busy
        // machine does not count against the bound; the 0.5 s margin covers timer granularity only.
        var status = HttpStatusCode.OK;
        var lastAcceptedSentAfter = TimeSpan.Zero;
        for (var i = 0; i < 100 && status == HttpStatusCode.OK; i++)
        {
            var sentAfter = DateTime.UtcNow - signedOutAt;
            status = (await b.SendAsync(TestSessions.WithBearer(HttpMethod.Get, "/auth/me", token))).StatusCode;
            if (status == HttpStatusCode.OK)
            {
                lastAcceptedSentAfter = sentAfter;
                await Task.Delay(100);
            }
        }

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.True(lastAcceptedSentAfter < TimeSpan.FromSeconds(1.5), $"a request sent {lastAcceptedSentAfter} after the sign-out was still accepted");
    }

    [Fact]
    public async Task With_the_store_unreachable_and_the_policy_closed_guarded_actions_answer_503_and_others_see_no_session()
    {
        await using var server = await AppServer.StartAsync(
            extraConfig: $$""" "redis": { "timeoutMs": 200, "connectTimeoutMs": 200 }, "auth": { "sessionSecret": "{{AppServer.SessionSecret}}" } """,
            variables: new Hashtable { ["REDIS_URL"] = "redis://127.0.0.1:1" });
        using var client = TestSessions.PlainClient(server);
        var token = await TestSessions.StartAsync(client, "ann");

        var problem = await Problem.ReadAsync(await client.SendAsync(TestSessions.WithBearer(HttpMethod.Get, "/auth/me", token)), HttpStatusCode.ServiceUnavailable);

        Assert.Equal("session_store_unavailable", problem.Code);
        Assert.Null(await TestSessions.WhoAsync(client, TestSessions.WithBearer(HttpMethod.Get, "/auth/maybe", token)));
        Assert.True(server.Services.GetRequiredService<AuthStore>().Failures > 0);
    }

    [Fact]
    public async Task With_the_store_unreachable_and_the_policy_open_sessions_are_accepted()
    {
        await using var server = await AppServer.StartAsync(
            extraConfig: $$""" "redis": { "timeoutMs": 200, "connectTimeoutMs": 200 }, "auth": { "sessionSecret": "{{AppServer.SessionSecret}}", "onStoreFailure": "Open" } """,
            variables: new Hashtable { ["REDIS_URL"] = "redis://127.0.0.1:1" });
        using var client = TestSessions.PlainClient(server);
        var token = await TestSessions.StartAsync(client, "ann");

        using var response = await client.SendAsync(TestSessions.WithBearer(HttpMethod.Get, "/auth/me", token));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Sign_out_that_cannot_be_stored_says_so()
    {
        await using var server = await AppServer.StartAsync(
            extraConfig: $$""" "redis": { "timeoutMs": 200, "connectTimeoutMs": 200 }, "auth": { "sessionSecret": "{{AppServer.SessionSecret}}", "onStoreFailure": "Open" } """,
            variables: new Hashtable { ["REDIS_URL"] = "redis://127.0.0.1:1" });
        using var client = TestSessions.PlainClient(server);
        var token = await TestSessions.StartAsync(client, "ann");

        var problem = await Problem.ReadAsync(await client.SendAsync(TestSessions.WithBearer(HttpMethod.Post, "/auth/sign-out", token)), HttpStatusCode.ServiceUnavailable);

        Assert.Equal("session_store_unavailable", problem.Code);
    }

    private static string Origin(AppServer server) => server.Address.GetLeftPart(UriPartial.Authority);
}
