using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Bunbase.Runtime.Tests.Accounts;
using Bunbase.Runtime.Tests.Infrastructure;
using OtpNet;

namespace Bunbase.Runtime.Tests.OpenApi;

/// <summary>
/// The accounts module's operations (under <c>/_accounts</c>), each called with a success and a failure through
/// its real flows (codes from the SMTP sink, a fake GitHub, TOTP), and every response checked against the app's
/// own document by the independent validator (tests/openapi-tools/check-responses.mjs).
/// </summary>
public sealed partial class AccountsModuleContractTests
{
    private const string Password = "correct horse battery";

    private readonly JsonArray _samples = [];

    [Fact]
    public async Task Every_module_operation_s_responses_match_the_document()
    {
        await using var github = await FakeGitHub.StartAsync();
        await using var app = await GitHubSignInTests.StartAsync(github);
        var document = await app.Client.GetStringAsync("/openapi.json");

        // Sign-up, verification, sign-in.
        await CallAsync(app, "POST", "/_accounts/sign-up", new { email = "ann@example.com", password = Password, name = "Ann" });
        await CallAsync(app, "POST", "/_accounts/sign-up", new { email = "not an email", password = "short" });
        await CallAsync(app, "POST", "/_accounts/verify-email", new { email = "ann@example.com", code = "0000000000" });
        await CallAsync(app, "POST", "/_accounts/verify-email", new { email = "ann@example.com", code = await app.CodeAsync(1) });
        await CallAsync(app, "POST", "/_accounts/verify-email/send", new { email = "ann@example.com" }); // verified: 202, and no mail
        await CallAsync(app, "POST", "/_accounts/verify-email/send", new { email = "" });
        await CallAsync(app, "POST", "/_accounts/sign-in", new { email = "ann@example.com", password = "wrong password" });
        var ann = Token(await CallAsync(app, "POST", "/_accounts/sign-in", new { email = "ann@example.com", password = Password }));
        await CallAsync(app, "GET", "/_accounts/me", token: ann);
        await CallAsync(app, "GET", "/_accounts/me");

        // Sessions ("signed in on these devices").
        Token(await CallAsync(app, "POST", "/_accounts/sign-in", new { email = "ann@example.com", password = Password }));
        var sessions = await CallAsync(app, "GET", "/_accounts/sessions", token: ann);
        await CallAsync(app, "GET", "/_accounts/sessions");
        var other = sessions.GetProperty("sessions").EnumerateArray().First(s => !s.GetProperty("current").GetBoolean()).GetProperty("id").GetString();
        await CallAsync(app, "DELETE", "/_accounts/sessions/{id}", path: $"/_accounts/sessions/{other}", token: ann);
        await CallAsync(app, "DELETE", "/_accounts/sessions/{id}", path: $"/_accounts/sessions/{other}", token: ann);

        // API keys.
        var key = (await CallAsync(app, "POST", "/_accounts/api-keys", new { name = "ci", permissions = Array.Empty<string>() }, ann)).GetProperty("id").GetString();
        await CallAsync(app, "POST", "/_accounts/api-keys", new { name = "", permissions = Array.Empty<string>() }, ann);
        await CallAsync(app, "GET", "/_accounts/api-keys", token: ann);
        await CallAsync(app, "GET", "/_accounts/api-keys");
        await CallAsync(app, "DELETE", "/_accounts/api-keys/{id}", path: $"/_accounts/api-keys/{key}", token: ann);
        await CallAsync(app, "DELETE", "/_accounts/api-keys/{id}", path: $"/_accounts/api-keys/{key}", token: ann);

        // Organisations and an invitation accepted by another account.
        var org = (await CallAsync(app, "POST", "/_accounts/orgs", new { name = "Team" }, ann)).GetProperty("id").GetString();
        await CallAsync(app, "POST", "/_accounts/orgs", new { name = "" }, ann);
        await CallAsync(app, "GET", "/_accounts/orgs", token: ann);
        await CallAsync(app, "GET", "/_accounts/orgs");
        var bob = await app.SignedUpAsync("bob@example.com", Password, mailsBefore: app.Sink.Received().Count);
        var mails = app.Sink.Received().Count;
        await CallAsync(app, "POST", "/_accounts/orgs/{org}/invites", new { email = "bob@example.com", role = "member" }, ann, path: $"/_accounts/orgs/{org}/invites");
        await CallAsync(app, "POST", "/_accounts/orgs/{org}/invites", new { email = "bob@example.com", role = "emperor" }, ann, path: $"/_accounts/orgs/{org}/invites");
        var invite = InviteToken().Match((await app.Sink.WaitForAsync(mails + 1))[mails].Message.TextBody!).Groups[1].Value;
        await CallAsync(app, "POST", "/_accounts/invites/accept", new { token = invite }, bob);
        await CallAsync(app, "POST", "/_accounts/invites/accept", new { token = invite }, bob);

        // A provider: GitHub (the fake), and one that is not configured.
        await CallAsync(app, "GET", "/_accounts/oauth/{provider}/start", path: "/_accounts/oauth/nowhere/start");
        await CallAsync(app, "GET", "/_accounts/oauth/{provider}/start", path: "/_accounts/oauth/github/start");
        var flow = await GitHubSignInTests.BeginAsync(app);
        foreach (var _ in new[] { 1, 2 }) // the second is the replay: 400
        {
            using var callback = await GitHubSignInTests.CallbackAsync(app, flow.Code, flow.State, flow.Binding);
            Record("POST", "/_accounts/oauth/{provider}/callback", callback, await callback.Content.ReadAsStringAsync());
        }

        // TOTP: enrolment, the two-step sign-in, step-up and disabling, with codes and backup codes.
        var enrolment = await CallAsync(app, "POST", "/_accounts/mfa/enroll", new { }, ann);
        await CallAsync(app, "POST", "/_accounts/mfa/enroll", new { });
        var totp = new Totp(Base32Encoding.ToBytes(enrolment.GetProperty("secret").GetString()));
        await CallAsync(app, "POST", "/_accounts/mfa/confirm", new { code = "000000" }, ann);
        var backup = (await CallAsync(app, "POST", "/_accounts/mfa/confirm", new { code = totp.ComputeTotp(DateTime.UtcNow) }, ann)).GetProperty("backupCodes").EnumerateArray().Select(c => c.GetString()).ToList();
        await CallAsync(app, "POST", "/_accounts/mfa/enroll", new { }, ann); // 409: already on
        var challenge = (await CallAsync(app, "POST", "/_accounts/sign-in", new { email = "ann@example.com", password = Password })).GetProperty("mfaToken").GetString();
        await CallAsync(app, "POST", "/_accounts/sign-in/mfa", new { mfaToken = challenge, code = "not-a-code" });
        var stepped = Token(await CallAsync(app, "POST", "/_accounts/sign-in/mfa", new { mfaToken = challenge, code = backup[0] }));
        await CallAsync(app, "POST", "/_accounts/mfa/step-up", new { code = backup[1] }, stepped);
        await CallAsync(app, "POST", "/_accounts/mfa/step-up", new { code = backup[1] }, stepped);
        await CallAsync(app, "POST", "/_accounts/mfa/disable", new { code = "000000" }, stepped);
        await CallAsync(app, "POST", "/_accounts/mfa/disable", new { code = backup[2] }, stepped);

        // Password reset, then sign-out.
        mails = app.Sink.Received().Count;
        await CallAsync(app, "POST", "/_accounts/password-reset", new { email = "ann@example.com" });
        await CallAsync(app, "POST", "/_accounts/password-reset", new { email = "" });
        var resetCode = await app.CodeAsync(mails + 1);
        await CallAsync(app, "POST", "/_accounts/password-reset/confirm", new { email = "ann@example.com", code = "0000000000", password = "a new password 2" });
        await CallAsync(app, "POST", "/_accounts/password-reset/confirm", new { email = "ann@example.com", code = resetCode, password = "a new password 2" });
        await CallAsync(app, "POST", "/_accounts/sign-out", new { }, bob);
        await CallAsync(app, "POST", "/_accounts/sign-out", new { });

        var exercised = _samples.Select(s => (Method: s!["method"]!.GetValue<string>().ToLowerInvariant(), Template: s["template"]!.GetValue<string>(), Status: s["status"]!.GetValue<int>())).ToList();
        var module = JsonNode.Parse(document)!["paths"]!.AsObject().Where(p => p.Key.StartsWith("/_accounts/", StringComparison.Ordinal)).ToList();
        Assert.True(module.Sum(p => p.Value!.AsObject().Count) >= 24, "the module's operations are in the document");
        foreach (var (template, item) in module)
        {
            foreach (var (method, _) in item!.AsObject())
            {
                Assert.True(exercised.Any(e => e.Method == method && e.Template == template && e.Status < 300), $"{method} {template} has no successful call");
                Assert.True(exercised.Any(e => e.Method == method && e.Template == template && e.Status >= 400), $"{method} {template} has no failing call");
            }
        }

        var directory = Directory.CreateTempSubdirectory("bunbase-accounts-contract-").FullName;
        try
        {
            await File.WriteAllTextAsync(Path.Combine(directory, "openapi.json"), document);
            await File.WriteAllTextAsync(Path.Combine(directory, "samples.json"), _samples.ToJsonString());
            var (exitCode, output) = await NodeTools.RunAsync("check-responses.mjs", Path.Combine(directory, "openapi.json"), Path.Combine(directory, "samples.json"));
            Assert.True(exitCode == 0, output);
            Assert.Contains($"{_samples.Count} responses match", output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static string Token(JsonElement signedIn) => signedIn.GetProperty("token").GetString()!;

    /// <summary>Sends the request, records the response, and answers its JSON body (default when there is none or it is not JSON).</summary>
    private async Task<JsonElement> CallAsync(AccountsAppServer app, string method, string template, object? body = null, string? token = null, string? path = null)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path ?? template);
        if (body is not null)
            request.Content = JsonContent.Create(body);
        if (token is not null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await app.Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Record(method, template, response, text);
        return response.Content.Headers.ContentType?.MediaType == "application/json" && text.Length > 0 ? JsonDocument.Parse(text).RootElement.Clone() : default;
    }

    private void Record(string method, string template, HttpResponseMessage response, string body)
    {
        var headers = new JsonObject();
        foreach (var header in response.Headers.Concat(response.Content.Headers))
            headers[header.Key.ToLowerInvariant()] = string.Join(",", header.Value);
        _samples.Add(new JsonObject
        {
            ["method"] = method,
            ["template"] = template,
            ["status"] = (int)response.StatusCode,
            ["contentType"] = response.Content.Headers.ContentType?.ToString(),
            ["headers"] = headers,
            ["body"] = body,
        });
    }

    [GeneratedRegex(@"accept with this token:\s+(\S+)")]
    private static partial Regex InviteToken();
}
