using System.Net;
using Bunbase.Runtime.Tests.Infrastructure;
using Bunbase.Runtime.Foundation;

namespace Bunbase.Runtime.Tests.Auth.Sessions;

/// <summary>Sessions as HTTP clients see them: the cookie's attributes, bearer tokens, renewal.</summary>
public sealed class SessionHttpTests
{
    [Fact]
    public async Task Sign_in_sets_an_http_only_secure_lax_cookie_that_lasts_as_long_as_the_session()
    {
        await using var server = await AppServer.StartAsync();
        using var client = TestSessions.PlainClient(server);

        using var response = await client.PostAsync("/auth/session", Json("""{"userId":"ann"}"""));

        var cookie = TestSessions.SetCookie(response)!;
        Assert.Matches("^session=[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+; ", cookie);
        Assert.Contains("; max-age=604800", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("; path=/", cookie, StringComparison.Ordinal);
        Assert.Contains("; secure", cookie, StringComparison.Ordinal);
        Assert.Contains("; samesite=lax", cookie, StringComparison.Ordinal);
        Assert.Contains("; httponly", cookie, StringComparison.Ordinal);
        Assert.DoesNotContain("domain", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task In_development_the_cookie_is_not_secure_so_plain_http_works()
    {
        await using var server = await AppServer.StartAsync(environment: "Development");
        using var client = TestSessions.PlainClient(server);

        using var response = await client.PostAsync("/auth/session", Json("""{"userId":"ann"}"""));

        Assert.DoesNotContain("secure", TestSessions.SetCookie(response)!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cookie_options_are_applied()
    {
        await using var server = await AppServer.StartAsync(extraConfig: $$"""
            "auth": { "sessionSecret": "{{AppServer.SessionSecret}}", "expiresIn": "2h",
                      "cookie": { "name": "__Host-sid", "sameSite": "Strict", "secure": "Always" } }
            """);
        using var client = TestSessions.PlainClient(server);

        using var response = await client.PostAsync("/auth/session", Json("""{"userId":"ann"}"""));
        var cookie = TestSessions.SetCookie(response, "__Host-sid")!;
        var token = cookie.Split(';')[0]["__Host-sid=".Length..];

        Assert.Contains("; max-age=7200", cookie, StringComparison.Ordinal);
        Assert.Contains("; samesite=strict", cookie, StringComparison.Ordinal);
        Assert.Equal("ann", await TestSessions.WhoAsync(client, TestSessions.WithCookie(HttpMethod.Get, "/auth/maybe", token, cookieName: "__Host-sid")));
    }

    [Theory]
    [InlineData("""{ "name": "__Host-sid", "path": "/app" }""", "__Host- prefix")]
    [InlineData("""{ "sameSite": "None" }""", "SameSite=None cookies without Secure")]
    [InlineData("""{ "name": "bad name" }""", "'auth.cookie.name'")]
    public async Task Cookie_options_browsers_would_reject_stop_start_up(string cookie, string expected)
    {
        var error = await Assert.ThrowsAsync<StartupException>(() => AppServer.StartAsync(
            extraConfig: $$""" "auth": { "sessionSecret": "{{AppServer.SessionSecret}}", "cookie": {{cookie}} } """));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_cookies_off_sign_in_sets_none_and_a_cookie_is_not_read()
    {
        await using var server = await AppServer.StartAsync(extraConfig: $$""" "auth": { "sessionSecret": "{{AppServer.SessionSecret}}", "cookie": { "enabled": false } } """);
        using var client = TestSessions.PlainClient(server);

        using var response = await client.PostAsync("/auth/session", Json("""{"userId":"ann"}"""));
        var token = await TestSessions.StartAsync(client, "ann");

        Assert.Null(TestSessions.SetCookie(response));
        Assert.Null(await TestSessions.WhoAsync(client, TestSessions.WithCookie(HttpMethod.Get, "/auth/maybe", token)));
        Assert.Equal("ann", await TestSessions.WhoAsync(client, TestSessions.WithBearer(HttpMethod.Get, "/auth/maybe", token)));
    }

    [Fact]
    public async Task A_guarded_action_without_a_session_answers_401_with_a_challenge()
    {
        await using var server = await AppServer.StartAsync();

        using var response = await server.Client.GetAsync("/auth/me");

        var problem = await Problem.ReadAsync(response, HttpStatusCode.Unauthorized);
        Assert.Equal("session_required", problem.Code);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.ToString());
    }

    [Fact]
    public async Task A_401_raised_by_a_handler_carries_a_challenge_too()
    {
        await using var server = await AppServer.StartAsync();

        using var response = await server.Client.GetAsync("/fail/unauthorized");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.ToString());
    }

    [Fact]
    public async Task A_session_reaches_the_handler_by_cookie_and_by_bearer_and_responses_are_private()
    {
        await using var server = await AppServer.StartAsync();
        using var client = TestSessions.PlainClient(server);
        var token = await TestSessions.StartAsync(client, "ann", roles: ["admin"], permissions: ["tasks:*"]);

        using var byCookie = await client.SendAsync(TestSessions.WithCookie(HttpMethod.Get, "/auth/me", token));
        using var byBearer = await client.SendAsync(TestSessions.WithBearer(HttpMethod.Get, "/auth/me", token));

        foreach (var response in new[] { byCookie, byBearer })
        {
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode, body);
            Assert.Contains("\"id\":\"ann\"", body, StringComparison.Ordinal);
            Assert.Contains("\"roles\":[\"admin\"]", body, StringComparison.Ordinal);
            Assert.True(response.Headers.CacheControl?.Private);
            Assert.Null(TestSessions.SetCookie(response));
        }
    }

    [Fact]
    public async Task A_cookie_past_half_its_lifetime_is_renewed_with_a_new_cookie()
    {
        await using var server = await AppServer.StartAsync();
        using var client = TestSessions.PlainClient(server);
        var old = TokenForge.Sign(TokenForge.Payload("test", "ann", issuedAgo: TimeSpan.FromDays(4), expiresIn: TimeSpan.FromDays(3), sessionId: "s-1"), AppServer.SessionSecret);

        using var response = await client.SendAsync(TestSessions.WithCookie(HttpMethod.Get, "/auth/me", old));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var cookie = TestSessions.SetCookie(response)!;
        var renewed = TokenForge.ReadPayload(cookie.Split(';')[0]["session=".Length..]);
        Assert.Equal("s-1", renewed["sid"]!.GetValue<string>());
        Assert.Equal(TokenForge.ReadPayload(old)["sat"]!.GetValue<long>(), renewed["sat"]!.GetValue<long>());
        Assert.InRange(renewed["exp"]!.GetValue<long>() - DateTimeOffset.UtcNow.ToUnixTimeSeconds(), TimeSpan.FromDays(7).TotalSeconds - 60, TimeSpan.FromDays(7).TotalSeconds);
        Assert.False(response.Headers.Contains("Session-Token"));
    }

    [Fact]
    public async Task A_bearer_token_past_half_its_lifetime_is_renewed_in_the_session_token_header()
    {
        await using var server = await AppServer.StartAsync();
        using var client = TestSessions.PlainClient(server);
        var old = TokenForge.Sign(TokenForge.Payload("test", "ann", issuedAgo: TimeSpan.FromDays(4), expiresIn: TimeSpan.FromDays(3)), AppServer.SessionSecret);

        using var first = await client.SendAsync(TestSessions.WithBearer(HttpMethod.Get, "/auth/me", old));
        using var second = await client.SendAsync(TestSessions.WithBearer(HttpMethod.Get, "/auth/me", old));
        var renewed = first.Headers.GetValues("Session-Token").Single();

        Assert.Null(TestSessions.SetCookie(first));
        Assert.Equal(renewed, second.Headers.GetValues("Session-Token").Single());
        Assert.Equal("ann", await TestSessions.WhoAsync(client, TestSessions.WithBearer(HttpMethod.Get, "/auth/maybe", renewed)));
    }

    [Fact]
    public async Task A_young_session_is_not_renewed()
    {
        await using var server = await AppServer.StartAsync();
        using var client = TestSessions.PlainClient(server);
        var token = await TestSessions.StartAsync(client, "ann");

        using var response = await client.SendAsync(TestSessions.WithBearer(HttpMethod.Get, "/auth/me", token));

        Assert.False(response.Headers.Contains("Session-Token"));
    }

    [Fact]
    public async Task Sign_out_deletes_the_cookie_even_without_a_session()
    {
        await using var server = await AppServer.StartAsync();
        using var client = TestSessions.PlainClient(server);

        using var response = await client.PostAsync("/auth/sign-out", null);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Matches("^session=; expires=Thu, 01 Jan 1970", TestSessions.SetCookie(response)!);
    }

    [Fact]
    public async Task The_user_limits_of_a_session_are_its_own_on_a_rate_limit_keyed_by_user()
    {
        await using var server = await AppServer.StartAsync(name: $"rl-user-{Guid.NewGuid():N}");
        using var client = TestSessions.PlainClient(server);
        var ann = await TestSessions.StartAsync(client, "ann");
        var bob = await TestSessions.StartAsync(client, "bob");

        var annStatuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
            annStatuses.Add((await client.SendAsync(TestSessions.WithBearer(HttpMethod.Get, "/limited-burst", ann))).StatusCode);
        using var bobFirst = await client.SendAsync(TestSessions.WithBearer(HttpMethod.Get, "/limited-burst", bob));
        using var anonymous = await client.GetAsync("/limited-burst");

        Assert.Equal(HttpStatusCode.TooManyRequests, annStatuses[3]);
        Assert.Equal("2", bobFirst.Headers.GetValues("RateLimit-Remaining").Single());
        Assert.Equal("2", anonymous.Headers.GetValues("RateLimit-Remaining").Single());
    }

    private static StringContent Json(string json) => new(json, System.Text.Encoding.UTF8, "application/json");
}
