using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Bunbase.Runtime.Tests.Accounts;

/// <summary>
/// A small GitHub on loopback (Kestrel): <c>/login/oauth/authorize</c> redirects with a code for the current user,
/// <c>/login/oauth/access_token</c> exchanges it once (checking the client secret and the PKCE verifier),
/// <c>/user</c> and <c>/user/emails</c> answer for the token's user.
/// </summary>
public sealed class FakeGitHub : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, (User User, string Challenge)> _codes = new();
    private readonly ConcurrentDictionary<string, User> _tokens = new();

    private FakeGitHub(WebApplication app) => _app = app;

    public string Url { get; private set; } = "";

    /// <summary>Who signs in next.</summary>
    public User Current { get; set; } = new(1, "octocat", [new Email("octo@example.com", Primary: true, Verified: true)]);

    public static async Task<FakeGitHub> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var github = new FakeGitHub(app);
        app.MapGet("/login/oauth/authorize", (HttpContext http) =>
        {
            var code = Guid.NewGuid().ToString("N");
            github._codes[code] = (github.Current, http.Request.Query["code_challenge"].ToString());
            return Results.Redirect(http.Request.Query["redirect_uri"] + "?code=" + code + "&state=" + Uri.EscapeDataString(http.Request.Query["state"].ToString()));
        });
        app.MapPost("/login/oauth/access_token", async (HttpContext http) =>
        {
            var form = await http.Request.ReadFormAsync();
            var verifier = form["code_verifier"].ToString();
            var challenge = Convert.ToBase64String(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))).TrimEnd('=').Replace('+', '-').Replace('/', '_');
            if (form["client_secret"] != "gh-secret" || !github._codes.TryRemove(form["code"].ToString(), out var issued) || issued.Challenge != challenge)
                return Results.Json(new { error = "bad_verification_code" }); // GitHub answers 200 with an error
            var token = "gho_" + Guid.NewGuid().ToString("N");
            github._tokens[token] = issued.User;
            return Results.Json(new { access_token = token, token_type = "bearer", scope = "read:user,user:email" });
        });
        app.MapGet("/user", (HttpContext http) =>
            github.UserOf(http) is { } user ? Results.Json(new { id = user.Id, login = user.Login }) : Results.Unauthorized());
        app.MapGet("/user/emails", (HttpContext http) =>
            github.UserOf(http) is { } user ? Results.Json(user.Emails.Select(e => new { email = e.Address, primary = e.Primary, verified = e.Verified })) : Results.Unauthorized());
        await app.StartAsync();
        github.Url = app.Urls.First();
        return github;
    }

    private User? UserOf(HttpContext http)
    {
        var header = http.Request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.Ordinal) && _tokens.TryGetValue(header[7..], out var user) ? user : null;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    public sealed record User(long Id, string Login, Email[] Emails);

    public sealed record Email(string Address, bool Primary, bool Verified);
}
