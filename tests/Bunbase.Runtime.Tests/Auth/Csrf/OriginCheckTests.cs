using System.Net;
using Bunbase.Runtime.Tests.Infrastructure;
using Bunbase.Runtime.Foundation;

namespace Bunbase.Runtime.Tests.Auth.Csrf;

/// <summary>Cookie-authenticated writes need an acceptable Origin; bearer requests and reads do not.</summary>
public sealed class OriginCheckTests
{
    private const string Write = "/auth/sign-out-everywhere";

    [Theory]
    [InlineData("https://evil.example", "csrf_origin_not_allowed")]
    [InlineData("null", "csrf_origin_not_allowed")]
    [InlineData("http://127.0.0.1", "csrf_origin_not_allowed")]
    public async Task A_cookie_write_from_another_origin_is_refused(string origin, string code)
    {
        await using var server = await AppServer.StartAsync();
        using var client = TestSessions.PlainClient(server);
        var token = await TestSessions.StartAsync(client, $"ann-{Guid.NewGuid():N}");

        using var response = await client.SendAsync(TestSessions.WithCookie(HttpMethod.Post, Write, token, origin));

        Assert.Equal(code, (await Problem.ReadAsync(response, HttpStatusCode.Forbidden)).Code);
        Assert.Null(TestSessions.SetCookie(response));
    }

    [Fact]
    public async Task A_cookie_write_from_the_app_itself_or_an_allowed_origin_goes_through()
    {
        await using var server = await AppServer.StartAsync(extraConfig: $$"""
            "auth": { "sessionSecret": "{{AppServer.SessionSecret}}", "csrf": { "allowedOrigins": ["https://app.example.com/"] } }
            """);
        using var client = TestSessions.PlainClient(server);

        foreach (var origin in new[] { server.Address.GetLeftPart(UriPartial.Authority), "https://app.example.com", "HTTPS://APP.EXAMPLE.COM" })
        {
            var token = await TestSessions.StartAsync(client, $"ann-{Guid.NewGuid():N}");
            using var response = await client.SendAsync(TestSessions.WithCookie(HttpMethod.Post, Write, token, origin));
            Assert.True(response.StatusCode == HttpStatusCode.NoContent, $"{origin}: {(int)response.StatusCode}");
        }
    }

    [Fact]
    public async Task Bearer_writes_and_cookie_reads_need_no_origin()
    {
        await using var server = await AppServer.StartAsync();
        using var client = TestSessions.PlainClient(server);
        var token = await TestSessions.StartAsync(client, $"ann-{Guid.NewGuid():N}");

        using var read = await client.SendAsync(TestSessions.WithCookie(HttpMethod.Get, "/auth/me", token));
        using var write = await client.SendAsync(TestSessions.WithBearer(HttpMethod.Post, Write, token));

        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, write.StatusCode);
    }

    [Fact]
    public async Task A_cross_site_cookie_write_to_an_unguarded_action_runs_without_the_session()
    {
        await using var server = await AppServer.StartAsync();
        using var client = TestSessions.PlainClient(server);
        var token = await TestSessions.StartAsync(client, "ann");

        using var crossSite = TestSessions.WithCookie(HttpMethod.Post, "/auth/maybe", token, "https://evil.example");
        crossSite.Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
        using var sameSite = TestSessions.WithCookie(HttpMethod.Post, "/auth/maybe", token, server.Address.GetLeftPart(UriPartial.Authority));
        sameSite.Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");

        Assert.Null(await TestSessions.WhoAsync(client, crossSite));
        Assert.Equal("ann", await TestSessions.WhoAsync(client, sameSite));
    }

    [Theory]
    [InlineData(null, "csrf_origin_missing")]
    [InlineData("", "csrf_origin_missing")]
    [InlineData("https://evil.example", "csrf_origin_not_allowed")]
    [InlineData("null", "csrf_origin_not_allowed")]
    public async Task A_cookie_sign_out_without_an_acceptable_origin_is_refused_and_keeps_the_cookie_and_the_session(string? origin, string code)
    {
        await using var server = await AppServer.StartAsync();
        using var client = TestSessions.PlainClient(server);
        var token = await TestSessions.StartAsync(client, $"ann-{Guid.NewGuid():N}");

        // The sign-out action itself has no guard: ctx.Auth.SignOut refuses (logout CSRF).
        using var response = await client.SendAsync(TestSessions.WithCookie(HttpMethod.Post, "/auth/sign-out", token, origin));

        Assert.Equal(code, (await Problem.ReadAsync(response, HttpStatusCode.Forbidden)).Code);
        Assert.Null(TestSessions.SetCookie(response));
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(TestSessions.WithCookie(HttpMethod.Get, "/auth/me", token))).StatusCode);
    }

    [Fact]
    public async Task A_cookie_sign_out_with_two_origins_one_of_them_the_app_s_is_refused()
    {
        await using var server = await AppServer.StartAsync();
        using var client = TestSessions.PlainClient(server);
        var token = await TestSessions.StartAsync(client, $"ann-{Guid.NewGuid():N}");
        using var request = TestSessions.WithCookie(HttpMethod.Post, "/auth/sign-out", token, server.Address.GetLeftPart(UriPartial.Authority));
        request.Headers.TryAddWithoutValidation("Origin", "https://evil.example");

        using var response = await client.SendAsync(request);

        Assert.Equal("csrf_origin_not_allowed", (await Problem.ReadAsync(response, HttpStatusCode.Forbidden)).Code);
        Assert.Null(TestSessions.SetCookie(response));
    }

    [Fact]
    public async Task A_sign_out_with_a_bearer_token_or_a_same_origin_cookie_ends_the_session()
    {
        await using var server = await AppServer.StartAsync();
        using var client = TestSessions.PlainClient(server);
        var bearer = await TestSessions.StartAsync(client, $"ann-{Guid.NewGuid():N}");
        var cookie = await TestSessions.StartAsync(client, $"bob-{Guid.NewGuid():N}");

        using var byBearer = await client.SendAsync(TestSessions.WithBearer(HttpMethod.Post, "/auth/sign-out", bearer));
        using var byCookie = await client.SendAsync(TestSessions.WithCookie(HttpMethod.Post, "/auth/sign-out", cookie, server.Address.GetLeftPart(UriPartial.Authority)));

        Assert.Equal(HttpStatusCode.NoContent, byBearer.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, byCookie.StatusCode);
        Assert.StartsWith("session=;", TestSessions.SetCookie(byCookie), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(TestSessions.WithBearer(HttpMethod.Get, "/auth/me", bearer))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(TestSessions.WithBearer(HttpMethod.Get, "/auth/me", cookie))).StatusCode);
    }

    [Fact]
    public async Task A_cookie_sign_out_without_origin_and_with_a_stale_cookie_is_refused_too()
    {
        await using var server = await AppServer.StartAsync();
        using var client = TestSessions.PlainClient(server);

        using var response = await client.SendAsync(TestSessions.WithCookie(HttpMethod.Post, "/auth/sign-out", "not-a-token"));

        Assert.Equal("csrf_origin_missing", (await Problem.ReadAsync(response, HttpStatusCode.Forbidden)).Code);
        Assert.Null(TestSessions.SetCookie(response));
    }

    [Fact]
    public async Task Behind_a_trusted_proxy_the_forwarded_scheme_and_host_are_the_apps_origin()
    {
        await using var server = await AppServer.StartAsync(extraConfig: """ "trustedProxies": ["127.0.0.1"] """);
        using var client = TestSessions.PlainClient(server);
        var token = await TestSessions.StartAsync(client, $"ann-{Guid.NewGuid():N}");

        using var request = TestSessions.WithCookie(HttpMethod.Post, Write, token, "https://app.example.com");
        request.Headers.Add("X-Forwarded-Proto", "https");
        request.Headers.Add("X-Forwarded-Host", "app.example.com");
        request.Headers.Add("X-Forwarded-For", "203.0.113.7");
        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }

    [Fact]
    public async Task Forwarded_headers_from_an_untrusted_peer_do_not_change_the_origin()
    {
        await using var server = await AppServer.StartAsync();
        using var client = TestSessions.PlainClient(server);
        var token = await TestSessions.StartAsync(client, $"ann-{Guid.NewGuid():N}");

        using var request = TestSessions.WithCookie(HttpMethod.Post, Write, token, "https://app.example.com");
        request.Headers.Add("X-Forwarded-Proto", "https");
        request.Headers.Add("X-Forwarded-Host", "app.example.com");
        using var response = await client.SendAsync(request);

        Assert.Equal("csrf_origin_not_allowed", (await Problem.ReadAsync(response, HttpStatusCode.Forbidden)).Code);
    }

    [Theory]
    [InlineData("app.example.com")]
    [InlineData("https://app.example.com/path")]
    [InlineData("ftp://app.example.com")]
    public async Task An_allowed_origin_that_is_not_an_origin_stops_start_up(string origin)
    {
        var error = await Assert.ThrowsAsync<StartupException>(() => AppServer.StartAsync(extraConfig: $$"""
            "auth": { "sessionSecret": "{{AppServer.SessionSecret}}", "csrf": { "allowedOrigins": ["{{origin}}"] } }
            """));

        Assert.Contains("'auth.csrf.allowedOrigins'", error.Message, StringComparison.Ordinal);
    }
}
