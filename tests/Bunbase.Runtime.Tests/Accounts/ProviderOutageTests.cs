using System.Net;
using System.Net.Sockets;
using System.Web;
using Bunbase.Runtime.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Bunbase.Runtime.Tests.Accounts;

/// <summary>A sign-in provider that does not answer (accepts and stays silent) or cannot be reached: 502 oauth_provider_unavailable, never a 500.</summary>
public sealed class ProviderOutageTests
{
    [Fact]
    public async Task A_silent_oidc_discovery_is_502_within_the_provider_timeout()
    {
        using var silent = Silent();
        await using var app = await AccountsAppServer.StartAsync(accounts: Oidc($"http://127.0.0.1:{Port(silent)}"));

        var problem = await Problem.ReadAsync(await app.Client.GetAsync("/_accounts/oauth/mock/start"), HttpStatusCode.BadGateway);

        Assert.Equal("oauth_provider_unavailable", problem.Code);
    }

    [Fact]
    public async Task A_silent_oidc_token_endpoint_is_502()
    {
        using var silent = Silent();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        await using var discovery = builder.Build();
        string issuer = "";
        discovery.MapGet("/.well-known/openid-configuration", () => Results.Json(new
        {
            issuer,
            authorization_endpoint = issuer + "/authorize",
            token_endpoint = $"http://127.0.0.1:{Port(silent)}/token",
            jwks_uri = issuer + "/jwks",
        }));
        discovery.MapGet("/jwks", () => Results.Json(new { keys = Array.Empty<object>() }));
        await discovery.StartAsync();
        issuer = discovery.Urls.First();
        await using var app = await AccountsAppServer.StartAsync(accounts: Oidc(issuer));

        var response = await CallbackAsync(app, "mock");

        Assert.Equal("oauth_provider_unavailable", (await Problem.ReadAsync(response, HttpStatusCode.BadGateway)).Code);
        await discovery.StopAsync();
    }

    [Fact]
    public async Task An_unreachable_github_is_502()
    {
        int closed;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            closed = Port(listener);
        }

        await using var app = await AccountsAppServer.StartAsync(accounts: $$""" "providerTimeout": "1s", "github": { "clientId": "gh-client", "clientSecret": "gh-secret", "redirectUri": "http://127.0.0.1/app/github", "webUrl": "http://127.0.0.1:{{closed}}", "apiUrl": "http://127.0.0.1:{{closed}}" } """);

        Assert.Equal("oauth_provider_unavailable", (await Problem.ReadAsync(await CallbackAsync(app, "github"), HttpStatusCode.BadGateway)).Code);
    }

    private static string Oidc(string issuer) =>
        $$""" "providerTimeout": "1s", "oidc": [ { "name": "mock", "issuer": "{{issuer}}", "clientId": "bunbase-test", "clientSecret": "s3cret", "redirectUri": "http://127.0.0.1/app/callback" } ] """;

    /// <summary>Accepts connections (the kernel's backlog) and never answers.</summary>
    private static TcpListener Silent()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return listener;
    }

    private static int Port(TcpListener listener) => ((IPEndPoint)listener.LocalEndpoint).Port;

    /// <summary>oauth-start (its state from the URL, its cookie), then the callback with a code the provider never saw.</summary>
    private static async Task<HttpResponseMessage> CallbackAsync(AccountsAppServer app, string provider)
    {
        using var start = await app.Client.GetAsync($"/_accounts/oauth/{provider}/start");
        var url = (await app.JsonAsync(start, HttpStatusCode.OK)).GetProperty("url").GetString()!;
        var state = HttpUtility.ParseQueryString(new Uri(url).Query)["state"]!;
        var cookie = start.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("bunbase_oauth=", StringComparison.Ordinal));
        using var client = new HttpClient(new HttpClientHandler { UseCookies = false }) { BaseAddress = app.Server.Address };
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/_accounts/oauth/{provider}/callback") { Content = System.Net.Http.Json.JsonContent.Create(new { code = "some-code", state }) };
        request.Headers.Add("Cookie", cookie[..cookie.IndexOf(';', StringComparison.Ordinal)]);
        var response = await client.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        return response;
    }
}
