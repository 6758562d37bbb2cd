using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Bunbase.Runtime.Tests.Accounts;

/// <summary>GitHub sign-in against a GitHub that changes under the app (logins, emails) or fails: the user id is the key, and a failing GitHub is 502.</summary>
public sealed class GitHubHostileTests
{
    [Fact]
    public async Task The_user_id_is_the_key_not_the_login()
    {
        await using var github = await FakeGitHub.StartAsync();
        await using var app = await GitHubSignInTests.StartAsync(github, postgres: false);
        github.Current = new FakeGitHub.User(42, "ada", [new("ada@example.com", true, true)]);
        var ada = await SignInAsync(app);

        // Ada renames herself; someone else (another id) takes the login "ada".
        github.Current = new FakeGitHub.User(42, "ada-renamed", [new("ada@example.com", true, true)]);
        Assert.Equal(ada, await SignInAsync(app));
        github.Current = new FakeGitHub.User(77, "ada", [new("mallory@example.com", true, true)]);
        Assert.NotEqual(ada, await SignInAsync(app));
        Assert.Equal(2L, await app.QueryAsync<long>("select count(*) from bunbase_accounts"));
    }

    [Fact]
    public async Task Without_a_verified_primary_email_a_first_sign_in_is_refused()
    {
        await using var github = await FakeGitHub.StartAsync();
        await using var app = await GitHubSignInTests.StartAsync(github, postgres: false);
        await app.SignedUpAsync("ada@example.com");
        foreach (var emails in new FakeGitHub.Email[][]
        {
            [],
            [new("ada@example.com", Primary: false, Verified: true), new("other@example.com", Primary: true, Verified: false)],
            [new("ada@example.com", Primary: true, Verified: false)],
        })
        {
            github.Current = new FakeGitHub.User(9, "mallory", emails);
            var flow = await GitHubSignInTests.BeginAsync(app);
            var answer = await HostileOidcTests.OutcomeAsync(await GitHubSignInTests.CallbackAsync(app, flow.Code, flow.State, flow.Binding));
            Assert.Equal("403 oauth_email_unverified", answer);
        }

        Assert.Equal(0L, await app.QueryAsync<long>("select count(*) from bunbase_account_identities"));
    }

    [Theory]
    [InlineData("/login/oauth/access_token")]
    [InlineData("/user")]
    [InlineData("/user/emails")]
    public async Task A_github_failing_with_a_5xx_is_502(string failing)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        await using var github = builder.Build();
        IResult Or(string path, IResult answer) => path == failing ? Results.StatusCode(503) : answer;
        github.MapPost("/login/oauth/access_token", () => Or("/login/oauth/access_token", Results.Json(new { access_token = "gho_x", token_type = "bearer" })));
        github.MapGet("/user", () => Or("/user", Results.Json(new { id = 5, login = "ada" })));
        github.MapGet("/user/emails", () => Or("/user/emails", Results.Json(new[] { new { email = "ada@example.com", primary = true, verified = true } })));
        await github.StartAsync();
        var url = github.Urls.First();
        await using var app = await AccountsAppServer.StartAsync(postgres: false, accounts: $$""" "providerTimeout": "2s", "github": { "clientId": "gh-client", "clientSecret": "gh-secret", "redirectUri": "http://127.0.0.1/app/github", "webUrl": "{{url}}", "apiUrl": "{{url}}" } """);
        using var start = await app.Client.GetAsync("/_accounts/oauth/github/start");
        var state = System.Web.HttpUtility.ParseQueryString(new Uri((await app.JsonAsync(start, HttpStatusCode.OK)).GetProperty("url").GetString()!).Query)["state"];
        var cookie = start.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("bunbase_oauth=", StringComparison.Ordinal));

        var answer = await HostileOidcTests.OutcomeAsync(await HostileOidcTests.CallbackAsync(app, "github", new { code = "c", state }, cookie[..cookie.IndexOf(';', StringComparison.Ordinal)]));

        Assert.Equal("502 oauth_provider_unavailable", answer);
        Assert.Equal(0L, await app.QueryAsync<long>("select count(*) from bunbase_accounts"));
        await github.StopAsync();
    }

    private static async Task<string> SignInAsync(AccountsAppServer app)
    {
        var flow = await GitHubSignInTests.BeginAsync(app);
        var signedIn = await app.JsonAsync(await GitHubSignInTests.CallbackAsync(app, flow.Code, flow.State, flow.Binding), HttpStatusCode.OK);
        return signedIn.GetProperty("account").GetProperty("id").GetString()!;
    }
}
