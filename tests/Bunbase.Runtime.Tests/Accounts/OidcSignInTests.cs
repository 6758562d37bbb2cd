using System.Net;
using System.Net.Http.Json;
using System.Web;
using Bunbase.Runtime.Tests.Infrastructure;

namespace Bunbase.Runtime.Tests.Accounts;

/// <summary>
/// Sign-in with an OpenID Connect provider on loopback: authorization code with PKCE, the state bound to the browser by a
/// cookie and used once, the id_token checked (nonce included), and accounts linked by a verified email only.
/// </summary>
public sealed class OidcSignInTests
{
    [Fact]
    public async Task A_provider_sign_in_creates_a_verified_account_and_a_second_one_finds_it()
    {
        await using var provider = await OidcProviderProcess.StartAsync();
        await using var app = await StartAsync(provider);
        await provider.IdentifyAsync(new { sub = "u-ada", email = "Ada@Example.com", email_verified = true });

        var flow = await BeginAsync(app);
        var signedIn = await app.JsonAsync(await CallbackAsync(app, flow.Code, flow.State, flow.Binding), HttpStatusCode.OK);

        var me = await app.JsonAsync(await app.SendAsync(HttpMethod.Get, "/_accounts/me", null, signedIn.GetProperty("token").GetString()), HttpStatusCode.OK);
        Assert.Equal("ada@example.com", me.GetProperty("email").GetString());
        Assert.True(me.GetProperty("emailVerified").GetBoolean());
        var again = await BeginAsync(app);
        var second = await app.JsonAsync(await CallbackAsync(app, again.Code, again.State, again.Binding), HttpStatusCode.OK);
        Assert.Equal(me.GetProperty("id").GetString(), second.GetProperty("account").GetProperty("id").GetString());
        Assert.Equal(1L, await app.Database!.ScalarAsync<long>("select count(*) from bunbase_accounts"));
    }

    [Fact]
    public async Task A_state_from_another_browser_or_another_sign_in_is_refused()
    {
        await using var provider = await OidcProviderProcess.StartAsync();
        await using var app = await StartAsync(provider);
        var victim = await BeginAsync(app);
        var attacker = await BeginAsync(app);

        // The attacker's code and state in the victim's browser (login CSRF), and a state without its cookie.
        var crossed = await Problem.ReadAsync(await CallbackAsync(app, attacker.Code, attacker.State, victim.Binding), HttpStatusCode.BadRequest);
        Assert.Equal("oauth_state_invalid", crossed.Code);
        var cookieless = await Problem.ReadAsync(await CallbackAsync(app, victim.Code, victim.State, null), HttpStatusCode.BadRequest);
        Assert.Equal("oauth_state_invalid", cookieless.Code);
        var made = await Problem.ReadAsync(await CallbackAsync(app, victim.Code, "made-up-state", victim.Binding), HttpStatusCode.BadRequest);
        Assert.Equal("oauth_state_invalid", made.Code);
    }

    [Fact]
    public async Task A_replayed_callback_is_refused()
    {
        await using var provider = await OidcProviderProcess.StartAsync();
        await using var app = await StartAsync(provider);
        var flow = await BeginAsync(app);
        await app.JsonAsync(await CallbackAsync(app, flow.Code, flow.State, flow.Binding), HttpStatusCode.OK);

        var replayed = await Problem.ReadAsync(await CallbackAsync(app, flow.Code, flow.State, flow.Binding), HttpStatusCode.BadRequest);

        Assert.Equal("oauth_state_invalid", replayed.Code);
    }

    [Fact]
    public async Task An_id_token_with_another_nonce_is_refused()
    {
        await using var provider = await OidcProviderProcess.StartAsync();
        await using var app = await StartAsync(provider);
        await provider.IdentifyAsync(new { sub = "u-bob", email = "bob@example.com", email_verified = true, nonce = "someone-elses-nonce" });
        var flow = await BeginAsync(app);

        var mismatch = await Problem.ReadAsync(await CallbackAsync(app, flow.Code, flow.State, flow.Binding), HttpStatusCode.BadRequest);

        Assert.Equal("oauth_nonce_mismatch", mismatch.Code);
        Assert.Equal(0L, await app.Database!.ScalarAsync<long>("select count(*) from bunbase_accounts"));
    }

    [Fact]
    public async Task An_unverified_provider_email_is_not_linked_to_the_account_that_has_it()
    {
        await using var provider = await OidcProviderProcess.StartAsync();
        await using var app = await StartAsync(provider);
        await app.SignedUpAsync("carol@example.com");
        await provider.IdentifyAsync(new { sub = "u-mallory", email = "carol@example.com", email_verified = false });
        var flow = await BeginAsync(app);

        var refused = await Problem.ReadAsync(await CallbackAsync(app, flow.Code, flow.State, flow.Binding), HttpStatusCode.Forbidden);

        Assert.Equal("oauth_email_unverified", refused.Code);
        Assert.Equal(0L, await app.Database!.ScalarAsync<long>("select count(*) from bunbase_account_identities"));
    }

    [Fact]
    public async Task Linking_a_verified_email_to_an_unverified_account_drops_the_password_someone_else_may_have_set()
    {
        await using var provider = await OidcProviderProcess.StartAsync();
        await using var app = await StartAsync(provider);
        await app.JsonAsync(await app.PostAsync("/_accounts/sign-up", new { email = "dave@example.com", password = "squatter password" }), HttpStatusCode.Accepted);
        await provider.IdentifyAsync(new { sub = "u-dave", email = "dave@example.com", email_verified = true });
        var flow = await BeginAsync(app);

        await app.JsonAsync(await CallbackAsync(app, flow.Code, flow.State, flow.Binding), HttpStatusCode.OK);

        await Problem.ReadAsync(await app.PostAsync("/_accounts/sign-in", new { email = "dave@example.com", password = "squatter password" }), HttpStatusCode.Unauthorized);
    }

    private static Task<AccountsAppServer> StartAsync(OidcProviderProcess provider) =>
        AccountsAppServer.StartAsync(accounts: $$""" "oidc": [ { "name": "mock", "issuer": "{{provider.Issuer}}", "clientId": "bunbase-test", "clientSecret": "s3cret", "redirectUri": "http://127.0.0.1/app/callback" } ] """);

    /// <summary>oauth-start, then the browser at the provider's authorize URL: the code and state it redirects back with, and the binding cookie.</summary>
    private static async Task<(string Code, string State, string Binding)> BeginAsync(AccountsAppServer app)
    {
        using var start = await app.Client.GetAsync("/_accounts/oauth/mock/start");
        var body = await app.JsonAsync(start, HttpStatusCode.OK);
        var cookie = start.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("bunbase_oauth=", StringComparison.Ordinal));
        var binding = cookie["bunbase_oauth=".Length..cookie.IndexOf(';', StringComparison.Ordinal)];
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        using var authorize = await browser.GetAsync(body.GetProperty("url").GetString());
        Assert.Equal(HttpStatusCode.Found, authorize.StatusCode);
        var query = HttpUtility.ParseQueryString(authorize.Headers.Location!.Query);
        return (query["code"]!, query["state"]!, binding);
    }

    private static async Task<HttpResponseMessage> CallbackAsync(AccountsAppServer app, string code, string state, string? binding)
    {
        using var client = new HttpClient(new HttpClientHandler { UseCookies = false }) { BaseAddress = app.Server.Address };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/_accounts/oauth/mock/callback") { Content = JsonContent.Create(new { code, state }) };
        if (binding is not null)
            request.Headers.Add("Cookie", "bunbase_oauth=" + binding);
        var response = await client.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        return response;
    }
}
