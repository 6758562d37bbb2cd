using System.Net;
using System.Net.Http.Json;
using System.Web;
using Bunbase.Runtime.Tests.Infrastructure;

namespace Bunbase.Runtime.Tests.Accounts;

/// <summary>Sign-in with GitHub (OAuth 2.0, the email from its API) against a fake GitHub on loopback.</summary>
public sealed class GitHubSignInTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_github_sign_in_creates_a_verified_account_from_the_primary_verified_email_and_finds_it_again(bool postgres)
    {
        await using var github = await FakeGitHub.StartAsync();
        await using var app = await StartAsync(github, postgres);
        github.Current = new FakeGitHub.User(42, "ada", [new("ada-old@example.com", false, true), new("Ada@Example.com", true, true)]);

        var flow = await BeginAsync(app);
        var signedIn = await app.JsonAsync(await CallbackAsync(app, flow.Code, flow.State, flow.Binding), HttpStatusCode.OK);

        var me = await app.JsonAsync(await app.SendAsync(HttpMethod.Get, "/_accounts/me", null, signedIn.GetProperty("token").GetString()), HttpStatusCode.OK);
        Assert.Equal("ada@example.com", me.GetProperty("email").GetString());
        Assert.True(me.GetProperty("emailVerified").GetBoolean());

        // Linked by GitHub's user id: a changed email still finds the account.
        github.Current = github.Current with { Emails = [new("ada-new@example.com", true, true)] };
        var again = await BeginAsync(app);
        var second = await app.JsonAsync(await CallbackAsync(app, again.Code, again.State, again.Binding), HttpStatusCode.OK);
        Assert.Equal(me.GetProperty("id").GetString(), second.GetProperty("account").GetProperty("id").GetString());
    }

    [Fact]
    public async Task A_verified_email_that_is_not_a_plain_address_makes_no_account()
    {
        await using var github = await FakeGitHub.StartAsync();
        await using var app = await StartAsync(github);
        github.Current = new FakeGitHub.User(8, "mallory", [new("ceo@bank.example <mallory@evil.example>", true, true)]);
        var flow = await BeginAsync(app);

        var refused = await Problem.ReadAsync(await CallbackAsync(app, flow.Code, flow.State, flow.Binding), HttpStatusCode.Forbidden);

        Assert.Equal("oauth_email_unverified", refused.Code);
        Assert.Equal(0L, await app.QueryAsync<long>("select count(*) from bunbase_accounts"));
        Assert.Equal(0L, await app.QueryAsync<long>("select count(*) from bunbase_account_identities"));
    }

    [Fact]
    public async Task An_unverified_primary_email_is_not_linked_to_the_account_that_has_it()
    {
        await using var github = await FakeGitHub.StartAsync();
        await using var app = await StartAsync(github);
        await app.SignedUpAsync("carol@example.com");
        github.Current = new FakeGitHub.User(7, "mallory", [new("carol@example.com", true, false)]);
        var flow = await BeginAsync(app);

        var refused = await Problem.ReadAsync(await CallbackAsync(app, flow.Code, flow.State, flow.Binding), HttpStatusCode.Forbidden);

        Assert.Equal("oauth_email_unverified", refused.Code);
        Assert.Equal(0L, await app.Database!.ScalarAsync<long>("select count(*) from bunbase_account_identities"));
    }

    [Fact]
    public async Task A_verified_github_email_signs_into_the_existing_account_with_it()
    {
        await using var github = await FakeGitHub.StartAsync();
        await using var app = await StartAsync(github);
        var token = await app.SignedUpAsync("dave@example.com");
        var id = (await app.JsonAsync(await app.SendAsync(HttpMethod.Get, "/_accounts/me", null, token), HttpStatusCode.OK)).GetProperty("id").GetString();
        github.Current = new FakeGitHub.User(9, "dave", [new("DAVE@example.com", true, true)]);
        var flow = await BeginAsync(app);

        var signedIn = await app.JsonAsync(await CallbackAsync(app, flow.Code, flow.State, flow.Binding), HttpStatusCode.OK);

        Assert.Equal(id, signedIn.GetProperty("account").GetProperty("id").GetString());
    }

    [Fact]
    public async Task A_replayed_callback_a_foreign_state_and_a_refused_code_are_refused()
    {
        await using var github = await FakeGitHub.StartAsync();
        await using var app = await StartAsync(github);
        var flow = await BeginAsync(app);
        var other = await BeginAsync(app);

        Assert.Equal("oauth_state_invalid", (await Problem.ReadAsync(await CallbackAsync(app, other.Code, other.State, flow.Binding), HttpStatusCode.BadRequest)).Code);
        await app.JsonAsync(await CallbackAsync(app, flow.Code, flow.State, flow.Binding), HttpStatusCode.OK);
        Assert.Equal("oauth_state_invalid", (await Problem.ReadAsync(await CallbackAsync(app, flow.Code, flow.State, flow.Binding), HttpStatusCode.BadRequest)).Code);

        // A fresh state with a code GitHub does not know (GitHub answers 200 with an error).
        var third = await BeginAsync(app);
        Assert.Equal("oauth_code_invalid", (await Problem.ReadAsync(await CallbackAsync(app, "not-a-code", third.State, third.Binding), HttpStatusCode.BadRequest)).Code);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Simultaneous_first_sign_ins_of_one_github_user_make_one_account(bool postgres)
    {
        await using var github = await FakeGitHub.StartAsync();
        await using var app = await StartAsync(github, postgres);

        // A few rounds, each a new GitHub user signing in from four tabs at once.
        for (var round = 0; round < 5; round++)
        {
            github.Current = new FakeGitHub.User(100 + round, "racer", [new($"racer{round}@example.com", true, true)]);
            var flows = new List<(string Code, string State, string Binding)>();
            for (var i = 0; i < 4; i++)
                flows.Add(await BeginAsync(app));

            var answers = await Task.WhenAll(flows.Select(f => CallbackAsync(app, f.Code, f.State, f.Binding)));

            var ids = new List<string?>();
            foreach (var answer in answers)
                ids.Add((await app.JsonAsync(answer, HttpStatusCode.OK)).GetProperty("account").GetProperty("id").GetString());
            Assert.Single(ids.Distinct());
        }

        Assert.Equal(5L, await app.QueryAsync<long>("select count(*) from bunbase_accounts"));
        Assert.Equal(5L, await app.QueryAsync<long>("select count(*) from bunbase_account_identities"));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Taking_over_an_unverified_account_ends_the_squatters_sessions_keys_and_second_factor(bool postgres)
    {
        var clock = new ShiftedTime();
        await using var github = await FakeGitHub.StartAsync();
        await using var app = await StartAsync(github, postgres, """ "requireVerifiedEmail": false, "rolePermissions": [ { "role": "member", "permissions": ["notes:read"] } ] """, clock);
        // Someone registers the owner's email without proving it, signs in, makes a key and enrols TOTP.
        await app.JsonAsync(await app.PostAsync("/_accounts/sign-up", new { email = "ada@example.com", password = "squatter password" }), HttpStatusCode.Accepted);
        var squatter = (await app.JsonAsync(await app.PostAsync("/_accounts/sign-in", new { email = "ada@example.com", password = "squatter password" }), HttpStatusCode.OK)).GetProperty("token").GetString()!;
        var key = (await app.JsonAsync(await app.PostAsync("/_accounts/api-keys", new { name = "mine", permissions = new[] { "notes:read" } }, squatter), HttpStatusCode.Created)).GetProperty("key").GetString()!;
        await app.JsonAsync(await app.SendAsync(HttpMethod.Get, "/notes", null, key), HttpStatusCode.OK);
        var secret = (await app.JsonAsync(await app.PostAsync("/_accounts/mfa/enroll", new { }, squatter), HttpStatusCode.OK)).GetProperty("secret").GetString()!;
        var totp = new OtpNet.Totp(OtpNet.Base32Encoding.ToBytes(secret));
        await app.JsonAsync(await app.PostAsync("/_accounts/mfa/confirm", new { code = totp.ComputeTotp(clock.GetUtcNow().UtcDateTime) }, squatter), HttpStatusCode.OK);

        // The email's owner signs in with GitHub, which vouches for the address.
        github.Current = new FakeGitHub.User(5, "ada", [new("ada@example.com", true, true)]);
        var flow = await BeginAsync(app);
        var owner = await app.JsonAsync(await CallbackAsync(app, flow.Code, flow.State, flow.Binding), HttpStatusCode.OK);

        // A session at once, not the squatter's second factor; the squatter's session, key and password are gone.
        Assert.False(owner.GetProperty("mfaRequired").GetBoolean());
        await app.JsonAsync(await app.SendAsync(HttpMethod.Get, "/_accounts/me", null, owner.GetProperty("token").GetString()), HttpStatusCode.OK);
        await Problem.ReadAsync(await app.SendAsync(HttpMethod.Get, "/_accounts/me", null, squatter), HttpStatusCode.Unauthorized);
        await Problem.ReadAsync(await app.SendAsync(HttpMethod.Get, "/notes", null, key), HttpStatusCode.Unauthorized);
        await Problem.ReadAsync(await app.PostAsync("/_accounts/sign-in", new { email = "ada@example.com", password = "squatter password" }), HttpStatusCode.Unauthorized);
        Assert.Equal(0L, await app.QueryAsync<long>("select count(*) from bunbase_account_mfa"));
        Assert.Equal(1L, await app.QueryAsync<long>("select count(*) from bunbase_account_sessions where revoked_at is null")); // the owner's
    }

    internal static Task<AccountsAppServer> StartAsync(FakeGitHub github, bool postgres = true, string accounts = "", TimeProvider? clock = null) =>
        AccountsAppServer.StartAsync(
            postgres,
            accounts: $$""" "github": { "clientId": "gh-client", "clientSecret": "gh-secret", "redirectUri": "http://127.0.0.1/app/github", "webUrl": "{{github.Url}}", "apiUrl": "{{github.Url}}" } """ + (accounts.Length > 0 ? "," + accounts : ""),
            clock: clock);

    internal static Task<(string Code, string State, string Binding)> BeginAsync(AccountsAppServer app) => BeginAsync(app.Client, "gh-client");

    /// <summary>A browser's first steps: the app's start (its binding cookie), then GitHub's authorize page and its redirect back.</summary>
    internal static async Task<(string Code, string State, string Binding)> BeginAsync(HttpClient app, string clientId)
    {
        using var start = await app.GetAsync("/_accounts/oauth/github/start");
        Assert.Equal(HttpStatusCode.OK, start.StatusCode);
        var url = (await start.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("url").GetString()!;
        var cookie = start.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("bunbase_oauth=", StringComparison.Ordinal));
        var binding = cookie["bunbase_oauth=".Length..cookie.IndexOf(';', StringComparison.Ordinal)];
        Assert.Contains($"client_id={clientId}", url, StringComparison.Ordinal);
        Assert.DoesNotContain("nonce=", url, StringComparison.Ordinal);
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        using var authorize = await browser.GetAsync(url);
        Assert.Equal(HttpStatusCode.Redirect, authorize.StatusCode);
        var query = HttpUtility.ParseQueryString(authorize.Headers.Location!.Query);
        return (query["code"]!, query["state"]!, binding);
    }

    internal static Task<HttpResponseMessage> CallbackAsync(AccountsAppServer app, string code, string state, string? binding) =>
        CallbackAsync(app.Server.Address, code, state, binding);

    /// <summary>The app's callback with GitHub's code and state, and the binding cookie (or none).</summary>
    internal static async Task<HttpResponseMessage> CallbackAsync(Uri app, string code, string state, string? binding)
    {
        using var client = new HttpClient(new HttpClientHandler { UseCookies = false }) { BaseAddress = app };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/_accounts/oauth/github/callback") { Content = JsonContent.Create(new { code, state }) };
        if (binding is not null)
            request.Headers.Add("Cookie", "bunbase_oauth=" + binding);
        var response = await client.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        return response;
    }
}
