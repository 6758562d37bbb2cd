using System.Net;
using Bunbase.Runtime.Tests.Infrastructure;

namespace Bunbase.Runtime.Tests.Auth.Sessions;

/// <summary>
/// Every bad session input the issue names: each gets a clear problem response on an action that
/// needs a session, and a valid session works right after (nothing was corrupted or cached).
/// </summary>
public sealed class SessionBadInputTests(ProductionApp app) : IClassFixture<ProductionApp>
{
    private const string App = "test";

    private HttpClient Client => app.Client;

    [Fact]
    public async Task Tampered_payload_is_refused()
    {
        var token = await TestSessions.StartAsync(Client, "mallory");
        var payload = TokenForge.ReadPayload(token);
        payload["sub"] = "admin";

        await AssertRefusedAsync(TokenForge.WithPayload(token, payload), "session_invalid");
    }

    [Fact]
    public async Task Tampered_signature_is_refused()
    {
        var token = await TestSessions.StartAsync(Client, "mallory");
        var flipped = token[^1] == 'A' ? 'B' : 'A';

        await AssertRefusedAsync(token[..^1] + flipped, "session_invalid");
    }

    [Fact]
    public async Task A_token_signed_by_an_unknown_key_is_refused()
    {
        var payload = TokenForge.Payload(App, "mallory", TimeSpan.Zero, TimeSpan.FromHours(1));

        await AssertRefusedAsync(TokenForge.Sign(payload, "an attacker's own secret of more than 32 bytes", keyId: "default"), "session_invalid");
        await AssertRefusedAsync(TokenForge.Sign(payload, "an attacker's own secret of more than 32 bytes", keyId: "k-unknown"), "session_invalid");
    }

    [Fact]
    public async Task An_expired_token_is_refused_as_expired()
    {
        var payload = TokenForge.Payload(App, "ann", issuedAgo: TimeSpan.FromDays(8), expiresIn: TimeSpan.FromDays(-1));

        await AssertRefusedAsync(TokenForge.Sign(payload, AppServer.SessionSecret), "session_expired");
    }

    [Fact]
    public async Task A_revoked_token_is_refused_as_revoked()
    {
        var token = await TestSessions.StartAsync(Client, $"ann-{Guid.NewGuid():N}");
        using (var signOut = await Client.SendAsync(TestSessions.WithBearer(HttpMethod.Post, "/auth/sign-out", token)))
            Assert.Equal(HttpStatusCode.NoContent, signOut.StatusCode);

        await AssertRefusedAsync(token, "session_revoked");
    }

    [Fact]
    public async Task Alg_none_is_refused()
    {
        var payload = TokenForge.Payload(App, "admin", TimeSpan.Zero, TimeSpan.FromHours(1));

        await AssertRefusedAsync(TokenForge.Sign(payload, AppServer.SessionSecret, algorithm: "none"), "session_invalid");
    }

    [Fact]
    public async Task Another_algorithm_with_the_right_key_is_refused()
    {
        var payload = TokenForge.Payload(App, "admin", TimeSpan.Zero, TimeSpan.FromHours(1));

        await AssertRefusedAsync(TokenForge.Sign(payload, AppServer.SessionSecret, algorithm: "HS512"), "session_invalid");
    }

    [Fact]
    public async Task A_token_for_another_application_is_refused()
    {
        var payload = TokenForge.Payload("another-app", "ann", TimeSpan.Zero, TimeSpan.FromHours(1));

        await AssertRefusedAsync(TokenForge.Sign(payload, AppServer.SessionSecret), "session_invalid");
    }

    [Fact]
    public async Task A_token_from_a_rotated_out_key_works_while_the_key_is_listed_and_not_after()
    {
        var (newer, older) = (AppServer.SessionSecret + "-2026-12", AppServer.SessionSecret + "-2026-06");
        var name = $"rotation-{Guid.NewGuid():N}";
        string Keys(params (string Id, string Secret)[] keys) =>
            $$""" "auth": { "keys": [ {{string.Join(", ", keys.Select(k => $$"""{ "id": "{{k.Id}}", "secret": "{{k.Secret}}" }"""))}} ] } """;
        await using var before = await AppServer.StartAsync(extraConfig: Keys(("2026-06", older)), name: name);
        await using var during = await AppServer.StartAsync(extraConfig: Keys(("2026-12", newer), ("2026-06", older)), name: name);
        await using var after = await AppServer.StartAsync(extraConfig: Keys(("2026-12", newer)), name: name);
        var oldToken = await TestSessions.StartAsync(before.Client, "ann");

        using var accepted = await during.Client.SendAsync(TestSessions.WithBearer(HttpMethod.Get, "/auth/me", oldToken));
        var newToken = await TestSessions.StartAsync(during.Client, "bob");
        using var refused = await after.Client.SendAsync(TestSessions.WithBearer(HttpMethod.Get, "/auth/me", oldToken));
        using var current = await after.Client.SendAsync(TestSessions.WithBearer(HttpMethod.Get, "/auth/me", newToken));

        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal("2026-12", TokenForge.ReadHeader(newToken)["kid"]!.GetValue<string>());
        Assert.Equal("session_invalid", (await Problem.ReadAsync(refused, HttpStatusCode.Unauthorized)).Code);
        Assert.Equal(HttpStatusCode.OK, current.StatusCode);
    }

    [Fact]
    public async Task An_oversized_cookie_is_refused_and_dropped()
    {
        using var response = await Client.SendAsync(TestSessions.WithCookie(HttpMethod.Get, "/auth/me", new string('a', 6000)));

        var problem = await Problem.ReadAsync(response, HttpStatusCode.Unauthorized);
        Assert.Equal("session_invalid", problem.Code);
        Assert.Contains("4096", problem.Detail, StringComparison.Ordinal);
        Assert.StartsWith("session=;", TestSessions.SetCookie(response), StringComparison.Ordinal);
        await AssertStillServesAsync();
    }

    [Theory]
    [InlineData("Bearer not-a-token", "session_invalid")]
    [InlineData("Bearer a.b.c", "session_invalid")]
    [InlineData("Bearer", "authorization_invalid")]
    [InlineData("Bearer    ", "authorization_invalid")]
    [InlineData("Bearer one two", "authorization_invalid")]
    [InlineData("bearer a,b", "authorization_invalid")]
    [InlineData("!!garbage!!", "session_required")]
    [InlineData("Basic YWxhZGRpbjpvcGVuc2VzYW1l", "session_required")]
    public async Task Garbage_in_authorization_is_refused_clearly(string authorization, string code)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/auth/me");
        request.Headers.TryAddWithoutValidation("Authorization", authorization);
        using var response = await Client.SendAsync(request);

        var problem = await Problem.ReadAsync(response, HttpStatusCode.Unauthorized);
        Assert.Equal(code, problem.Code);
        Assert.StartsWith("Bearer", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        await AssertStillServesAsync();
    }

    [Fact]
    public async Task Cookie_and_bearer_both_present_and_different_the_bearer_wins()
    {
        using var client = TestSessions.PlainClient(app.Server);
        var cookieToken = await TestSessions.StartAsync(client, "cookie-user");
        var bearerToken = await TestSessions.StartAsync(client, "bearer-user");
        using var both = TestSessions.WithCookie(HttpMethod.Get, "/auth/maybe", cookieToken);
        both.Headers.TryAddWithoutValidation("Authorization", "Bearer " + bearerToken);

        Assert.Equal("bearer-user", await TestSessions.WhoAsync(client, both));
    }

    [Fact]
    public async Task A_bad_bearer_never_falls_back_to_the_cookie()
    {
        using var client = TestSessions.PlainClient(app.Server);
        var cookieToken = await TestSessions.StartAsync(client, "cookie-user");
        using var both = TestSessions.WithCookie(HttpMethod.Get, "/auth/me", cookieToken);
        both.Headers.TryAddWithoutValidation("Authorization", "Bearer not-a-token");
        using var response = await client.SendAsync(both);

        Assert.Equal("session_invalid", (await Problem.ReadAsync(response, HttpStatusCode.Unauthorized)).Code);

        // The valid cookie on its own still works: it was not dropped.
        Assert.Null(TestSessions.SetCookie(response));
        Assert.Equal("cookie-user", await TestSessions.WhoAsync(client, TestSessions.WithCookie(HttpMethod.Get, "/auth/maybe", cookieToken)));
    }

    [Fact]
    public async Task Missing_origin_on_a_cookie_authenticated_post_is_refused()
    {
        using var client = TestSessions.PlainClient(app.Server);
        var token = await TestSessions.StartAsync(client, $"ann-{Guid.NewGuid():N}");

        using var response = await client.SendAsync(TestSessions.WithCookie(HttpMethod.Post, "/auth/sign-out-everywhere", token));

        var problem = await Problem.ReadAsync(response, HttpStatusCode.Forbidden);
        Assert.Equal("csrf_origin_missing", problem.Code);

        // Nothing happened: the session still works, and with its Origin the same request goes through.
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(TestSessions.WithBearer(HttpMethod.Get, "/auth/me", token))).StatusCode);
        using var withOrigin = await client.SendAsync(TestSessions.WithCookie(HttpMethod.Post, "/auth/sign-out-everywhere", token, origin: app.Server.Address.GetLeftPart(UriPartial.Authority)));
        Assert.Equal(HttpStatusCode.NoContent, withOrigin.StatusCode);
    }

    /// <summary>Refused on an action that needs a session (as bearer and as cookie), while a valid session keeps working.</summary>
    private async Task AssertRefusedAsync(string token, string code)
    {
        using (var response = await Client.SendAsync(TestSessions.WithBearer(HttpMethod.Get, "/auth/me", token)))
        {
            var problem = await Problem.ReadAsync(response, HttpStatusCode.Unauthorized);
            Assert.Equal(code, problem.Code);
            Assert.Equal("Bearer error=\"invalid_token\"", response.Headers.WwwAuthenticate.ToString());
            Assert.DoesNotContain(token, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using (var response = await Client.SendAsync(TestSessions.WithCookie(HttpMethod.Get, "/auth/me", token)))
        {
            Assert.Equal(code, (await Problem.ReadAsync(response, HttpStatusCode.Unauthorized)).Code);
            Assert.StartsWith("session=;", TestSessions.SetCookie(response), StringComparison.Ordinal);
        }

        // An action without identity guards serves the request, anonymously.
        Assert.Null(await TestSessions.WhoAsync(Client, TestSessions.WithBearer(HttpMethod.Get, "/auth/maybe", token)));
        await AssertStillServesAsync();
    }

    private async Task AssertStillServesAsync()
    {
        var user = $"after-{Guid.NewGuid():N}";
        var token = await TestSessions.StartAsync(Client, user);
        Assert.Equal(user, await TestSessions.WhoAsync(Client, TestSessions.WithBearer(HttpMethod.Get, "/auth/maybe", token)));
        Assert.Equal(HttpStatusCode.OK, (await Client.SendAsync(TestSessions.WithBearer(HttpMethod.Get, "/auth/me", token))).StatusCode);
    }
}
