extern alias ExampleApp;

using System.Collections;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Bunbase.Runtime.Tests.Infrastructure;
using Bunbase.Runtime.Tests.Mail;

namespace Bunbase.Runtime.Tests.Accounts;

/// <summary>
/// The example app on the accounts module (examples/bunbase-app, "accounts": { "enabled": true }): sign-up with a mailed
/// code, the users profile its account-created subscriber makes and welcomes, an organisation-scoped action, and GitHub
/// sign-in configured from the environment. Embedded database, mail to an SMTP sink on loopback.
/// </summary>
public sealed partial class ExampleAccountsTests
{
    private const string Password = "correct horse battery staple";

    private static readonly string Root = Path.Combine(NodeTools.RepositoryRoot(), "examples", "bunbase-app").Replace('\\', '/');

    [Fact]
    public async Task Sign_up_is_verified_by_the_mailed_code_and_the_new_user_gets_a_profile_and_the_welcome_mail()
    {
        await using var sink = await SmtpSink.StartAsync();
        await using var app = await StartAsync(sink);
        var email = $"ada-{Guid.NewGuid():N}@example.com";

        using var signedUp = await app.Client.PostAsJsonAsync("/_accounts/sign-up", new { email, name = "Ada <3", password = Password });
        Assert.Equal(HttpStatusCode.Accepted, signedUp.StatusCode);
        var unverified = await Problem.ReadAsync(await app.Client.PostAsJsonAsync("/_accounts/sign-in", new { email, password = Password }), HttpStatusCode.Forbidden);
        Assert.Equal("email_not_verified", unverified.Code);

        // Two mails: the module's code, and the app's welcome (its subscriber made the profile from account-created).
        var mails = await sink.WaitForAsync(2);
        var code = CodePattern().Match(mails.Single(m => m.Message.Subject!.Contains("code", StringComparison.OrdinalIgnoreCase)).Message.Subject!).Value;
        var welcome = mails.Single(m => m.Message.Subject!.StartsWith("Welcome", StringComparison.Ordinal));
        Assert.All(mails, m => Assert.Equal([email], m.Recipients));
        Assert.Equal("Welcome to Bunbase notes, Ada <3", welcome.Message.Subject);
        Assert.Contains($"Sign in with {email}", welcome.Message.TextBody, StringComparison.Ordinal);
        Assert.Contains("Hello Ada &lt;3,", welcome.Message.HtmlBody, StringComparison.Ordinal);

        using var verified = await app.Client.PostAsJsonAsync("/_accounts/verify-email", new { email, code });
        Assert.Equal(HttpStatusCode.OK, verified.StatusCode);
        var token = await SignInAsync(app.Client, email);
        var profile = await GetJsonAsync(app.Client, "/me/profile", token);
        Assert.Equal(email, profile.GetProperty("email").GetString());
        Assert.Equal("Ada <3", profile.GetProperty("name").GetString());
        Assert.NotEqual(JsonValueKind.Null, profile.GetProperty("welcomedAt").ValueKind);
        var shown = await GetJsonAsync(app.Client, $"/users/{profile.GetProperty("id").GetInt64()}", token);
        Assert.Equal(profile.GetRawText(), shown.GetRawText());
        Assert.Equal(2, (await sink.WaitForAsync(2)).Count); // welcomed once
    }

    [Fact]
    public async Task An_organisation_s_announcements_are_posted_by_its_admins_and_read_by_its_members_only()
    {
        await using var sink = await SmtpSink.StartAsync();
        await using var app = await StartAsync(sink);
        var owner = await VerifiedAsync(app, sink, $"owner-{Guid.NewGuid():N}@example.com");
        var memberEmail = $"member-{Guid.NewGuid():N}@example.com";
        var member = await VerifiedAsync(app, sink, memberEmail);
        var stranger = await VerifiedAsync(app, sink, $"stranger-{Guid.NewGuid():N}@example.com");

        var org = (await SendJsonAsync(app.Client, HttpMethod.Post, "/_accounts/orgs", new { name = "Team" }, owner, HttpStatusCode.Created)).GetProperty("id").GetString()!;
        await SendJsonAsync(app.Client, HttpMethod.Post, $"/_accounts/orgs/{org}/invites", new { email = memberEmail, role = "member" }, owner, HttpStatusCode.Created);
        var invite = (await MailAsync(sink, memberEmail, "invited")).TextBody!;
        var inviteToken = InviteTokenPattern().Match(invite).Groups[1].Value;
        await SendJsonAsync(app.Client, HttpMethod.Post, "/_accounts/invites/accept", new { token = inviteToken }, member, HttpStatusCode.OK);

        var posted = await SendJsonAsync(app.Client, HttpMethod.Post, $"/orgs/{org}/announcements", new { text = "Standup at ten" }, owner, HttpStatusCode.Created);
        var read = await GetJsonAsync(app.Client, $"/orgs/{org}/announcements", member);

        Assert.Equal("Standup at ten", read.GetProperty("items").EnumerateArray().Single().GetProperty("text").GetString());
        Assert.Equal(posted.GetProperty("id").GetInt64(), read.GetProperty("items")[0].GetProperty("id").GetInt64());
        Assert.Equal("org_access_denied", (await ProblemAsync(app.Client, HttpMethod.Post, $"/orgs/{org}/announcements", new { text = "Members may not" }, member, HttpStatusCode.Forbidden)).Code);
        Assert.Equal("org_access_denied", (await ProblemAsync(app.Client, HttpMethod.Get, $"/orgs/{org}/announcements", null, stranger, HttpStatusCode.Forbidden)).Code);
        Assert.Equal("org_access_denied", (await ProblemAsync(app.Client, HttpMethod.Get, "/orgs/not-an-org/announcements", null, owner, HttpStatusCode.Forbidden)).Code);
        Assert.Single((await GetJsonAsync(app.Client, $"/orgs/{org}/announcements", owner)).GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task GitHub_sign_in_is_configured_from_the_environment_and_makes_a_verified_account_with_a_profile()
    {
        await using var sink = await SmtpSink.StartAsync();
        await using var github = await FakeGitHub.StartAsync();
        github.Current = new FakeGitHub.User(7, "grace", [new("grace@example.com", Primary: true, Verified: true)]);
        await using var app = await StartAsync(sink, new Hashtable
        {
            ["BUNBASE__ACCOUNTS__GITHUB__CLIENTID"] = "example-client",
            ["BUNBASE__ACCOUNTS__GITHUB__CLIENTSECRET"] = "gh-secret", // the secret the fake GitHub expects
            ["BUNBASE__ACCOUNTS__GITHUB__REDIRECTURI"] = "http://127.0.0.1:3000/signed-in/github",
            ["BUNBASE__ACCOUNTS__GITHUB__WEBURL"] = github.Url,
            ["BUNBASE__ACCOUNTS__GITHUB__APIURL"] = github.Url,
        });

        var (code, state, binding) = await GitHubSignInTests.BeginAsync(app.Client, "example-client");
        using var signedIn = await GitHubSignInTests.CallbackAsync(app.Address, code, state, binding);
        var token = (await ReadJsonAsync(signedIn, HttpStatusCode.OK)).GetProperty("token").GetString()!;

        var profile = await GetJsonAsync(app.Client, "/me/profile", token);
        Assert.Equal("grace@example.com", profile.GetProperty("email").GetString());
        Assert.Equal("grace", profile.GetProperty("email").GetString()!.Split('@')[0]);
    }

    private static Task<AppServer> StartAsync(SmtpSink sink, IDictionary? variables = null) =>
        AppServer.StartAsync(
            typeof(ExampleApp::Program).Assembly,
            extraConfig: $$"""
                "database": { "migrateOnStart": true, "migrationsPath": "{{Root}}/migrations" },
                "queue": { "pollIntervalMs": 100 },
                "mail": { "from": "Notes <notes@example.com>", "templatesPath": "{{Root}}/mail", "smtp": { "host": "127.0.0.1", "port": {{sink.Port}}, "security": "none" } },
                "auth": { "sessionSecret": "{{AppServer.SessionSecret}}", "passwordIterations": 10000 },
                "accounts": { "enabled": true }
                """,
            variables: variables);

    /// <summary>Signs up, verifies with the mailed code, signs in: the session's token.</summary>
    private static async Task<string> VerifiedAsync(AppServer app, SmtpSink sink, string email)
    {
        using var signedUp = await app.Client.PostAsJsonAsync("/_accounts/sign-up", new { email, password = Password });
        Assert.Equal(HttpStatusCode.Accepted, signedUp.StatusCode);

        var code = CodePattern().Match((await MailAsync(sink, email, "verification code")).Subject!).Value;

        using var verified = await app.Client.PostAsJsonAsync("/_accounts/verify-email", new { email, code });
        Assert.Equal(HttpStatusCode.OK, verified.StatusCode);
        return await SignInAsync(app.Client, email);
    }

    /// <summary>The first mail to <paramref name="email"/> whose subject has <paramref name="subject"/>, waited for (bounded): the queue delivers mails in any order, earlier accounts' welcome mails among them.</summary>
    private static async Task<MimeKit.MimeMessage> MailAsync(SmtpSink sink, string email, string subject)
    {
        for (var attempt = 0; attempt < 300; attempt++)
        {
            var mail = sink.Received().FirstOrDefault(m => m.Recipients.Contains(email) && m.Message.Subject!.Contains(subject, StringComparison.Ordinal));
            if (mail.Message is not null)
                return mail.Message;
            await Task.Delay(100);
        }

        throw new TimeoutException($"No mail to {email} about '{subject}' in 30 s.");
    }

    private static async Task<string> SignInAsync(HttpClient client, string email)
    {
        using var signedIn = await client.PostAsJsonAsync("/_accounts/sign-in", new { email, password = Password });
        return (await ReadJsonAsync(signedIn, HttpStatusCode.OK)).GetProperty("token").GetString()!;
    }

    /// <summary>GET with the session, repeated (bounded) while the subscriber has not made the profile yet.</summary>
    private static async Task<JsonElement> GetJsonAsync(HttpClient client, string path, string token)
    {
        for (var attempt = 0; ; attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await client.SendAsync(request);
            if (response.StatusCode != HttpStatusCode.NotFound || attempt == 100)
                return await ReadJsonAsync(response, HttpStatusCode.OK);
            await Task.Delay(100);
        }
    }

    private static async Task<JsonElement> SendJsonAsync(HttpClient client, HttpMethod method, string path, object? body, string token, HttpStatusCode expected)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await client.SendAsync(request);
        return await ReadJsonAsync(response, expected);
    }

    private static async Task<Problem> ProblemAsync(HttpClient client, HttpMethod method, string path, object? body, string token, HttpStatusCode expected)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await Problem.ReadAsync(await client.SendAsync(request), expected);
    }

    private static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    [GeneratedRegex("[0-9A-Z]{10}$")]
    private static partial Regex CodePattern();

    [GeneratedRegex(@"accept with this token:\s+(\S+)")]
    private static partial Regex InviteTokenPattern();
}
