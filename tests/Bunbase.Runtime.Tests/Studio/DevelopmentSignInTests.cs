using System.Net;
using Bunbase.Runtime.Studio;
using Bunbase.Runtime.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Bunbase.Runtime.Tests.Studio;

/// <summary>In Development the start-up token opens the console once; it never exists outside Development.</summary>
public sealed class DevelopmentSignInTests
{
    [Fact]
    public async Task The_token_works_once_for_a_studio_cookie_whose_writes_need_the_app_s_origin()
    {
        await using var server = await AppServer.StartAsync(environment: "Development");
        using var client = new HttpClient(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = server.Address };
        var token = server.Services.GetRequiredService<DevelopmentSignIn>().Token!;

        using var wrong = await client.GetAsync("/_studio/sign-in?token=" + new string('0', token.Length));
        using var exchanged = await client.GetAsync("/_studio/sign-in?token=" + token);
        using var again = await client.GetAsync("/_studio/sign-in?token=" + token);

        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, exchanged.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, again.StatusCode);
        var cookie = Assert.Single(exchanged.Headers.GetValues("Set-Cookie"));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/_studio", cookie, StringComparison.OrdinalIgnoreCase);
        var value = cookie.Split(';')[0];

        using var page = await client.SendAsync(WithCookie(HttpMethod.Get, "/_studio/jobs", value, null));
        using var forged = await client.SendAsync(WithCookie(HttpMethod.Post, "/_studio/jobs/dead/purge", value, "https://evil.example"));
        using var posted = await client.SendAsync(WithCookie(HttpMethod.Post, "/_studio/jobs/dead/purge", value, server.Address.GetLeftPart(UriPartial.Authority)));
        using var anonymous = await client.GetAsync("/_studio/jobs");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        Assert.Equal(HttpStatusCode.SeeOther, posted.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [Fact]
    public async Task Outside_development_there_is_no_token_and_no_sign_in_endpoint()
    {
        await using var server = await AppServer.StartAsync(environment: "Production");

        using var response = await server.Client.GetAsync("/_studio/sign-in?token=anything");

        Assert.Null(server.Services.GetService<DevelopmentSignIn>());
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private static HttpRequestMessage WithCookie(HttpMethod method, string path, string cookie, string? origin)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.TryAddWithoutValidation("Cookie", cookie);
        if (origin is not null)
            request.Headers.TryAddWithoutValidation("Origin", origin);
        if (method == HttpMethod.Post)
            request.Content = new FormUrlEncodedContent([new("all", "true")]);
        return request;
    }
}
