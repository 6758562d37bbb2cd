using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Web;
using Bunbase.Runtime.Accounts.Oidc;
using Bunbase.Runtime.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bunbase.Runtime.Tests.Accounts;

/// <summary>
/// A hostile or broken OpenID Connect provider (<see cref="HostileOidc"/>): every forged id_token, bad discovery document
/// and bad token answer is refused with its error code (400, 403, or 502 for the provider's own failure), never a 500,
/// and leaves no account, link or session.
/// </summary>
public sealed class HostileOidcTests
{
    [Fact]
    public async Task Forged_or_wrong_id_tokens_are_refused_and_a_correct_one_then_signs_in()
    {
        await using var oidc = await HostileOidc.StartAsync();
        await using var app = await StartAsync([oidc]);
        using var stranger = RSA.Create(2048);
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var publicKeyDer = oidc.Key.ExportSubjectPublicKeyInfo();
        var cases = new (string Name, Func<string> IdToken, string Code)[]
        {
            ("alg none", () => HostileOidc.Encode(HostileOidc.Header("none", oidc.KeyId)) + "." + HostileOidc.Encode(oidc.Payload()) + ".", "oauth_token_invalid"),
            ("alg none, no kid", () => HostileOidc.Encode(HostileOidc.Header("none", null)) + "." + HostileOidc.Encode(oidc.Payload()) + ".", "oauth_token_invalid"),
            ("HS256 keyed with the public JWK", () => Hs256(oidc, Encoding.UTF8.GetBytes(oidc.PublicJwkJson())), "oauth_token_invalid"),
            ("HS256 keyed with the public key's DER", () => Hs256(oidc, publicKeyDer), "oauth_token_invalid"),
            ("HS256 keyed with the public key's PEM", () => Hs256(oidc, Encoding.ASCII.GetBytes(oidc.Key.ExportSubjectPublicKeyInfoPem())), "oauth_token_invalid"),
            ("HS256 keyed with the modulus", () => Hs256(oidc, oidc.Key.ExportParameters(false).Modulus!), "oauth_token_invalid"),
            ("a key not in the JWKS, its kid", () => oidc.Signed(stranger), "oauth_token_invalid"),
            ("a key not in the JWKS, an unknown kid", () => oidc.Signed(stranger, "k-unknown"), "oauth_token_invalid"),
            ("another issuer", () => With(oidc, p => p["iss"] = "https://evil.example"), "oauth_token_invalid"),
            ("the issuer with a trailing slash", () => With(oidc, p => p["iss"] = oidc.Url + "/"), "oauth_token_invalid"),
            ("another audience", () => With(oidc, p => p["aud"] = "someone-else"), "oauth_token_invalid"),
            ("no audience", () => With(oidc, p => p.Remove("aud")), "oauth_token_invalid"),
            ("expired", () => With(oidc, p => p["exp"] = now - 600), "oauth_token_invalid"),
            ("no expiry", () => With(oidc, p => p.Remove("exp")), "oauth_token_invalid"),
            ("not yet valid", () => With(oidc, p => p["nbf"] = now + 600), "oauth_token_invalid"),
            ("no subject", () => With(oidc, p => p.Remove("sub")), "oauth_token_invalid"),
            ("an empty subject", () => With(oidc, p => p["sub"] = ""), "oauth_token_invalid"),
            ("no nonce", () => With(oidc, p => p.Remove("nonce")), "oauth_nonce_mismatch"),
            ("another nonce", () => With(oidc, p => p["nonce"] = "someone-elses"), "oauth_nonce_mismatch"),
            ("a huge id_token", () => With(oidc, p => p["padding"] = new string('x', 500_000)), "oauth_token_invalid"),
            ("not a JWT", () => "not-a-jwt", "oauth_token_invalid"),
            ("a JWE-shaped token", () => "a.b.c.d.e", "oauth_token_invalid"),
        };

        var wrong = new List<string>();
        foreach (var (name, idToken, code) in cases)
        {
            oidc.IdToken = idToken;
            var answer = await OutcomeAsync(await SignInAsync(app, oidc, "p0"));
            if (answer != "400 " + code)
                wrong.Add($"{name}: {answer}");
        }

        Assert.Empty(wrong);

        Assert.Equal(0L, await CountAsync(app, "bunbase_accounts"));
        Assert.Equal(0L, await CountAsync(app, "bunbase_account_identities"));
        Assert.Equal(0L, await CountAsync(app, "bunbase_account_sessions"));
        oidc.IdToken = null;
        await app.JsonAsync(await SignInAsync(app, oidc, "p0"), HttpStatusCode.OK);
    }

    [Fact]
    public async Task Provider_emails_that_are_not_verified_or_not_plain_are_refused()
    {
        await using var oidc = await HostileOidc.StartAsync();
        await using var app = await StartAsync([oidc]);
        var cases = new (string Name, Action<JsonObject> Change)[]
        {
            ("email_verified the string false", p => p["email_verified"] = "false"),
            ("email_verified missing", p => p.Remove("email_verified")),
            ("email_verified 1", p => p["email_verified"] = 1),
            ("no email", p => p.Remove("email")),
            ("an email that is a number", p => p["email"] = 5),
            ("a display name", p => p["email"] = "Ada <ada@example.com>"),
            ("a full-width look-alike", p => p["email"] = "\uFF41da@example.com"),
            ("a route", p => p["email"] = "ada@[127.0.0.1]"),
        };

        var wrong = new List<string>();
        foreach (var (name, change) in cases)
        {
            oidc.IdToken = () => With(oidc, change);
            var answer = await OutcomeAsync(await SignInAsync(app, oidc, "p0"));
            if (answer != "403 oauth_email_unverified")
                wrong.Add($"{name}: {answer}");
        }

        Assert.Empty(wrong);
        Assert.Equal(0L, await CountAsync(app, "bunbase_accounts"));
        Assert.Equal(0L, await CountAsync(app, "bunbase_account_identities"));
    }

    [Fact]
    public async Task Duplicate_claims_are_read_as_the_last_one_by_the_check_and_the_sign_in_alike()
    {
        await using var oidc = await HostileOidc.StartAsync();
        await using var app = await StartAsync([oidc]);
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        string Token(string members) => HostileOidc.SignRs256(HostileOidc.Header("RS256", oidc.KeyId), HostileOidc.Encode(
            $$"""{"aud":"{{HostileOidc.ClientId}}","sub":"u-dup","email":"dup@example.com","iat":{{now}},"exp":{{now + 300}},{{members}}}"""), oidc.Key);

        // RFC 7519 section 4: a parser that keeps duplicates must keep the last; both readings of the token agree on it.
        oidc.IdToken = () => Token($$""" "iss":"{{oidc.Url}}","iss":"https://evil.example","nonce":"{{oidc.Nonce}}","email_verified":true """);
        Assert.Equal("400 oauth_token_invalid", await OutcomeAsync(await SignInAsync(app, oidc, "p0")));
        oidc.IdToken = () => Token($$""" "iss":"{{oidc.Url}}","nonce":"{{oidc.Nonce}}","nonce":"other","email_verified":true """);
        Assert.Equal("400 oauth_nonce_mismatch", await OutcomeAsync(await SignInAsync(app, oidc, "p0")));
        oidc.IdToken = () => Token($$""" "iss":"{{oidc.Url}}","nonce":"{{oidc.Nonce}}","email_verified":true,"email_verified":false """);
        Assert.Equal("403 oauth_email_unverified", await OutcomeAsync(await SignInAsync(app, oidc, "p0")));
        Assert.Equal(0L, await CountAsync(app, "bunbase_accounts"));
    }

    [Fact]
    public async Task An_id_token_also_for_another_client_is_refused()
    {
        await using var oidc = await HostileOidc.StartAsync();
        await using var app = await StartAsync([oidc]);
        var cases = new (string Name, Action<JsonObject> Change)[]
        {
            ("ours and another audience, issued to the other (azp)", p => { p["aud"] = new JsonArray(HostileOidc.ClientId, "other-client"); p["azp"] = "other-client"; }),
            ("ours and another audience, no azp", p => p["aud"] = new JsonArray(HostileOidc.ClientId, "other-client")),
            ("our audience, issued to another client (azp)", p => p["azp"] = "other-client"),
            ("our audience, a numeric azp", p => p["azp"] = 7),
        };

        var wrong = new List<string>();
        foreach (var (name, change) in cases)
        {
            oidc.IdToken = () => With(oidc, change);
            var answer = await OutcomeAsync(await SignInAsync(app, oidc, "p0"));
            if (answer != "400 oauth_token_invalid")
                wrong.Add($"{name}: {answer}");
        }

        Assert.Empty(wrong);
        Assert.Equal(0L, await CountAsync(app, "bunbase_accounts"));
        oidc.IdToken = () => With(oidc, p => { p["aud"] = new JsonArray(HostileOidc.ClientId); p["azp"] = HostileOidc.ClientId; });
        Assert.Equal("200 ada@example.com", await OutcomeAsync(await SignInAsync(app, oidc, "p0")));
    }

    [Fact]
    public async Task An_id_token_issued_in_the_future_is_refused()
    {
        await using var oidc = await HostileOidc.StartAsync();
        await using var app = await StartAsync([oidc]);
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

        oidc.IdToken = () => With(oidc, p => p["iat"] = now + 86_400);
        Assert.Equal("400 oauth_token_invalid", await OutcomeAsync(await SignInAsync(app, oidc, "p0")));
        oidc.IdToken = () => With(oidc, p => p["iat"] = long.MaxValue);
        Assert.Equal("400 oauth_token_invalid", await OutcomeAsync(await SignInAsync(app, oidc, "p0")));
        Assert.Equal(0L, await CountAsync(app, "bunbase_accounts"));

        // Within the minute of clock skew, and without iat, it is fine.
        oidc.IdToken = () => With(oidc, p => p["iat"] = now + 30);
        Assert.Equal("200 ada@example.com", await OutcomeAsync(await SignInAsync(app, oidc, "p0")));
        oidc.IdToken = () => With(oidc, p => p.Remove("iat"));
        Assert.Equal("200 ada@example.com", await OutcomeAsync(await SignInAsync(app, oidc, "p0")));
    }

    [Fact]
    public async Task A_discovery_document_of_another_issuer_or_with_unusable_endpoints_is_502()
    {
        var documents = new Action<HostileOidc, JsonObject>[]
        {
            (o, doc) => { doc["issuer"] = "https://evil.example"; o.Claims = p => p["iss"] = "https://evil.example"; },
            (o, doc) => doc["issuer"] = o.Url + "/tenant",
            (o, doc) => doc["token_endpoint"] = null,
            (o, doc) => doc["authorization_endpoint"] = null,
            (o, doc) => doc["token_endpoint"] = "not a url",
            (o, doc) => doc["jwks_uri"] = "file:///etc/passwd",
            (o, doc) => doc["authorization_endpoint"] = "javascript:alert(document.cookie)//",
            (o, doc) => doc["authorization_endpoint"] = "/authorize",
            (o, doc) => doc["issuer"] = 5,
            (o, doc) => doc.Remove("jwks_uri"),
        };
        var servers = new List<HostileOidc>();
        try
        {
            foreach (var change in documents)
            {
                var server = await HostileOidc.StartAsync();
                servers.Add(server);
                server.Discovery = _ =>
                {
                    var doc = server.Document();
                    change(server, doc);
                    return Task.FromResult(Results.Json(doc));
                };
            }

            await using var app = await StartAsync([.. servers]);
            var wrong = new List<string>();
            for (var i = 0; i < servers.Count; i++)
            {
                // At the start (which reads the document) or, had it passed, at the callback: 502 either way.
                using var start = await app.Client.GetAsync($"/_accounts/oauth/p{i}/start");
                var answer = start.StatusCode == HttpStatusCode.OK ? "start 200, callback " + await OutcomeAsync(await SignInAsync(app, servers[i], $"p{i}")) : await OutcomeAsync(start);
                if (answer != "502 oauth_provider_unavailable")
                    wrong.Add($"document {i}: {answer}");
            }

            Assert.Empty(wrong);
            Assert.Equal(0L, await CountAsync(app, "bunbase_accounts"));
        }
        finally
        {
            foreach (var server in servers)
                await server.DisposeAsync();
        }
    }

    [Fact]
    public void An_https_issuer_must_name_https_endpoints()
    {
        // The app's client trusts no loopback certificate, so this rule is checked on the reading of the document itself.
        static JsonElement Document(string issuer, string token) => JsonDocument.Parse($$"""
            { "issuer": "{{issuer}}", "authorization_endpoint": "{{issuer}}/authorize", "token_endpoint": "{{token}}", "jwks_uri": "{{issuer}}/jwks" }
            """).RootElement;

        // Another host is fine (Google's token endpoint and keys are not on its issuer's host); plain http is not.
        Assert.Equal("https://oauth2.example.net/token", OidcProvider.Read("https://id.example.com/", Document("https://id.example.com", "https://oauth2.example.net/token")).Token.AbsoluteUri);
        Assert.Throws<ArgumentException>(() => OidcProvider.Read("https://id.example.com", Document("https://id.example.com", "http://id.example.com/token")));
        Assert.Throws<ArgumentException>(() => OidcProvider.Read("https://id.example.com", Document("https://id.example.com", "ftp://id.example.com/token")));
        Assert.Equal("http://127.0.0.1:1/token", OidcProvider.Read("http://127.0.0.1:1", Document("http://127.0.0.1:1", "http://127.0.0.1:1/token")).Token.AbsoluteUri);
    }

    [Fact]
    public async Task A_token_endpoint_that_fails_is_502_and_one_that_refuses_or_answers_nonsense_is_400()
    {
        await using var oidc = await HostileOidc.StartAsync();
        await using var app = await StartAsync([oidc]);
        var cases = new (string Name, Func<HttpContext, Task<IResult>> Answer, string Expected)[]
        {
            ("a refusal", _ => Task.FromResult(Results.Json(new { error = "invalid_grant" }, statusCode: 400)), "400 oauth_code_invalid"),
            ("500", _ => Task.FromResult(Results.StatusCode(500)), "502 oauth_provider_unavailable"),
            ("503 with a page", _ => Task.FromResult(Results.Text("<html>down</html>", "text/html", statusCode: 503)), "502 oauth_provider_unavailable"),
            ("slow", async _ => { await Task.Delay(TimeSpan.FromSeconds(5)); return Results.Json(new { id_token = oidc.Signed() }); }, "502 oauth_provider_unavailable"),
            ("not JSON", _ => Task.FromResult(Results.Text("<html>", "text/html")), "400 oauth_token_invalid"),
            ("a JSON array", _ => Task.FromResult(Results.Json(new[] { 1 })), "400 oauth_token_invalid"),
            ("no id_token", _ => Task.FromResult(Results.Json(new { access_token = "x", token_type = "Bearer" })), "400 oauth_token_invalid"),
            ("a numeric id_token", _ => Task.FromResult(Results.Json(new { id_token = 5 })), "400 oauth_token_invalid"),
            ("token_type not Bearer (the access token is not used)", _ => Task.FromResult(Results.Json(new { access_token = "x", token_type = "mac", id_token = oidc.Signed() })), "200 ada@example.com"),
        };

        var wrong = new List<string>();
        foreach (var (name, answer, expected) in cases)
        {
            oidc.Token = answer;
            var outcome = await OutcomeAsync(await SignInAsync(app, oidc, "p0"));
            if (outcome != expected)
                wrong.Add($"{name}: {outcome}");
        }

        Assert.Empty(wrong);
    }

    [Fact]
    public async Task Oversized_provider_answers_are_refused_as_502()
    {
        await using var huge = await HostileOidc.StartAsync();
        await using var hugeToken = await HostileOidc.StartAsync();
        huge.Discovery = _ =>
        {
            var doc = huge.Document();
            doc["padding"] = new string('x', 8_000_000);
            return Task.FromResult(Results.Json(doc));
        };
        hugeToken.Token = _ => Task.FromResult(Results.Json(new { id_token = hugeToken.Signed(), padding = new string('x', 8_000_000) }));
        await using var app = await StartAsync([huge, hugeToken]);

        Assert.Equal("502 oauth_provider_unavailable", await OutcomeAsync(await app.Client.GetAsync("/_accounts/oauth/p0/start")));
        Assert.Equal("502 oauth_provider_unavailable", await OutcomeAsync(await SignInAsync(app, hugeToken, "p1")));
        Assert.Equal(0L, await CountAsync(app, "bunbase_accounts"));
    }

    [Fact]
    public async Task An_oversized_github_answer_is_refused_as_502()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        await using var github = builder.Build();
        github.MapPost("/login/oauth/access_token", () => Results.Json(new { access_token = "gho_x", token_type = "bearer", padding = new string('x', 8_000_000) }));
        await github.StartAsync();
        var url = github.Urls.First();
        await using var app = await AccountsAppServer.StartAsync(postgres: false, accounts: $$""" "providerTimeout": "2s", "github": { "clientId": "gh-client", "clientSecret": "gh-secret", "redirectUri": "http://127.0.0.1/app/github", "webUrl": "{{url}}", "apiUrl": "{{url}}" } """);
        using var start = await app.Client.GetAsync("/_accounts/oauth/github/start");
        var state = HttpUtility.ParseQueryString(new Uri((await app.JsonAsync(start, HttpStatusCode.OK)).GetProperty("url").GetString()!).Query)["state"];
        var cookie = start.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("bunbase_oauth=", StringComparison.Ordinal));

        var answer = await OutcomeAsync(await CallbackAsync(app, "github", new { code = "c", state }, cookie[..cookie.IndexOf(';', StringComparison.Ordinal)]));

        Assert.Equal("502 oauth_provider_unavailable", answer);
        await github.StopAsync();
    }

    [Fact]
    public async Task A_rotated_key_is_read_again_at_most_once_a_minute_however_many_unknown_keys_sign()
    {
        var clock = new ShiftedTime();
        await using var oidc = await HostileOidc.StartAsync();
        await using var app = await AccountsAppServer.StartAsync(postgres: false, clock: clock, accounts: Config([oidc], "2s"));
        using var next = RSA.Create(2048);
        await app.JsonAsync(await SignInAsync(app, oidc, "p0"), HttpStatusCode.OK);
        Assert.Equal(1, oidc.JwksHits);

        // Tokens under unknown kids, many: within the minute after the keys were read, they are not read again.
        await UnknownKidsAsync(app, oidc);
        Assert.Equal(1, oidc.JwksHits);

        // The provider rotates to a new key: once the minute has passed, its first token reads the keys again and passes.
        oidc.Published = () => [("k1", oidc.Key), ("k2", next)];
        oidc.IdToken = () => oidc.Signed(next, "k2");
        clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal("200 ada@example.com", await OutcomeAsync(await SignInAsync(app, oidc, "p0")));
        Assert.Equal("200 ada@example.com", await OutcomeAsync(await SignInAsync(app, oidc, "p0")));
        Assert.Equal(2, oidc.JwksHits);

        // Later, a burst of unknown kids reads them once.
        clock.Advance(TimeSpan.FromMinutes(2));
        await UnknownKidsAsync(app, oidc);
        Assert.Equal(3, oidc.JwksHits);
        Assert.Equal(1L, await CountAsync(app, "bunbase_accounts"));
    }

    /// <summary>Ten sign-ins whose tokens name a kid the provider does not publish, signed by a key it does not publish either.</summary>
    private static async Task UnknownKidsAsync(AccountsAppServer app, HostileOidc oidc)
    {
        using var key = RSA.Create(2048);
        for (var i = 0; i < 10; i++)
        {
            var kid = $"unknown-{i}";
            oidc.IdToken = () => oidc.Signed(key, kid);
            Assert.Equal("400 oauth_token_invalid", await OutcomeAsync(await SignInAsync(app, oidc, "p0")));
        }
    }

    [Fact]
    public async Task A_failing_discovery_is_asked_again_only_after_a_while_not_at_every_anonymous_start()
    {
        var clock = new ShiftedTime();
        await using var oidc = await HostileOidc.StartAsync();
        oidc.Discovery = _ => Task.FromResult(Results.StatusCode(500));
        var log = new WarningLog();
        await using var app = await AccountsAppServer.StartAsync(postgres: false, clock: clock, accounts: Config([oidc], "2s"), services: s => s.AddSingleton<ILoggerProvider>(log));

        for (var i = 0; i < 10; i++)
            Assert.Equal("502 oauth_provider_unavailable", await OutcomeAsync(await app.Client.GetAsync("/_accounts/oauth/p0/start")));

        Assert.Equal(1, oidc.DiscoveryHits);
        Assert.Single(log.Records, r => r.Contains("did not answer", StringComparison.Ordinal));

        // The provider is back: once the pause has passed, the next start reads it.
        oidc.Discovery = null;
        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(HttpStatusCode.OK, (await app.Client.GetAsync("/_accounts/oauth/p0/start")).StatusCode);
        Assert.Equal(2, oidc.DiscoveryHits);
    }

    [Fact]
    public async Task The_same_subject_at_two_providers_is_two_identities_and_neither_takes_the_others_account()
    {
        await using var first = await HostileOidc.StartAsync();
        await using var second = await HostileOidc.StartAsync();
        await using var app = await StartAsync([first, second]);
        first.Claims = p => { p["sub"] = "same"; p["email"] = "first@example.com"; };
        second.Claims = p => { p["sub"] = "same"; p["email"] = "second@example.com"; };

        Assert.Equal("200 first@example.com", await OutcomeAsync(await SignInAsync(app, first, "p0")));
        Assert.Equal("200 second@example.com", await OutcomeAsync(await SignInAsync(app, second, "p1")));
        // The first provider's subject, now claimed by the second with the first one's email: not verified, so nothing links.
        second.Claims = p => { p["sub"] = "other"; p["email"] = "first@example.com"; p["email_verified"] = false; };
        Assert.Equal("403 oauth_email_unverified", await OutcomeAsync(await SignInAsync(app, second, "p1")));
        Assert.Equal("200 first@example.com", await OutcomeAsync(await SignInAsync(app, first, "p0")));
        Assert.Equal(2L, await CountAsync(app, "bunbase_accounts"));
        Assert.Equal(2L, await CountAsync(app, "bunbase_account_identities"));
    }

    [Fact]
    public async Task A_callback_with_missing_long_or_provider_error_parameters_is_400_and_burns_nothing_else()
    {
        await using var oidc = await HostileOidc.StartAsync();
        await using var app = await StartAsync([oidc]);
        using var start = await app.Client.GetAsync("/_accounts/oauth/p0/start");
        var query = HttpUtility.ParseQueryString(new Uri((await app.JsonAsync(start, HttpStatusCode.OK)).GetProperty("url").GetString()!).Query);
        var cookie = start.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("bunbase_oauth=", StringComparison.Ordinal));
        cookie = cookie[..cookie.IndexOf(';', StringComparison.Ordinal)];
        var state = query["state"]!;
        var bodies = new (string Name, object Body)[]
        {
            ("no code", new { state }),
            ("no state", new { code = "c" }),
            ("the provider's refusal", new { error = "access_denied", error_description = "The user said no", state }),
            ("a null code", new { code = (string?)null, state }),
            ("a code as a number", new { code = 5, state }),
            ("a code as an array", new { code = new[] { "a", "b" }, state }),
            ("a very long code", new { code = new string('c', 100_000), state }),
            ("a very long state", new { code = "c", state = new string('s', 100_000) }),
        };

        var wrong = new List<string>();
        foreach (var (name, body) in bodies)
        {
            var answer = await OutcomeAsync(await CallbackAsync(app, "p0", body, cookie));
            if (!answer.StartsWith("400 ", StringComparison.Ordinal))
                wrong.Add($"{name}: {answer}");
        }

        // Duplicated members: the JSON body with two codes, two states.
        using var client = new HttpClient(new HttpClientHandler { UseCookies = false }) { BaseAddress = app.Server.Address };
        using var duplicated = new HttpRequestMessage(HttpMethod.Post, "/_accounts/oauth/p0/callback")
        {
            Content = new StringContent($$"""{"code":"a","code":"b","state":"made-up","state":"{{state}}"}""", Encoding.UTF8, "application/json"),
        };
        duplicated.Headers.Add("Cookie", cookie);
        var duplicateAnswer = await OutcomeAsync(await client.SendAsync(duplicated));
        if (!duplicateAnswer.StartsWith("400 ", StringComparison.Ordinal) && !duplicateAnswer.StartsWith("200 ", StringComparison.Ordinal))
            wrong.Add($"duplicated members: {duplicateAnswer}");

        // An unknown provider with a very long name.
        var unknown = await OutcomeAsync(await CallbackAsync(app, new string('p', 3000), new { code = "c", state }, cookie));
        if (!unknown.StartsWith("400 ", StringComparison.Ordinal) && !unknown.StartsWith("404 ", StringComparison.Ordinal))
            wrong.Add($"a very long provider: {unknown}");
        Assert.Empty(wrong);
        Assert.Equal(0L, await CountAsync(app, "bunbase_accounts"));
    }

    private static string Raw(HostileOidc oidc, string payload) =>
        HostileOidc.SignRs256(HostileOidc.Header("RS256", oidc.KeyId), HostileOidc.Encode(payload), oidc.Key);

    /// <summary>"status code" of an answer (the problem's code, or the signed-in account's email).</summary>
    internal static async Task<string> OutcomeAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        using var json = System.Text.Json.JsonDocument.Parse(text.Length == 0 ? "{}" : text);
        var root = json.RootElement;
        var what = root.TryGetProperty("code", out var code) ? code.GetString()
            : root.TryGetProperty("account", out var account) ? account.GetProperty("email").GetString() : text;
        return $"{(int)response.StatusCode} {what}";
    }

    private static string Hs256(HostileOidc oidc, byte[] secret)
    {
        var signed = HostileOidc.Encode(HostileOidc.Header("HS256", oidc.KeyId)) + "." + HostileOidc.Encode(oidc.Payload());
        return signed + "." + HostileOidc.B64(HMACSHA256.HashData(secret, Encoding.ASCII.GetBytes(signed)));
    }

    private static string With(HostileOidc oidc, Action<JsonObject> change)
    {
        var before = oidc.Claims;
        oidc.Claims = p =>
        {
            before(p);
            change(p);
        };
        try
        {
            return oidc.Signed();
        }
        finally
        {
            oidc.Claims = before;
        }
    }

    private static Task<long> CountAsync(AccountsAppServer app, string table) => app.QueryAsync<long>($"select count(*) from {table}");

    /// <summary>An app with one provider per server, named p0, p1, ... (embedded database).</summary>
    internal static Task<AccountsAppServer> StartAsync(HostileOidc[] servers) => AccountsAppServer.StartAsync(postgres: false, accounts: Config(servers, "2s"));

    private static string Config(HostileOidc[] servers, string providerTimeout) =>
        $$""" "providerTimeout": "{{providerTimeout}}", "oidc": [ {{string.Join(", ", servers.Select((s, i) =>
            $$"""{ "name": "p{{i}}", "issuer": "{{s.Url}}", "clientId": "{{HostileOidc.ClientId}}", "clientSecret": "s3cret", "redirectUri": "http://127.0.0.1/app/callback" }"""))}} ] """;

    /// <summary>oauth-start (the nonce handed to the provider), then the callback with the start's state and cookie.</summary>
    internal static async Task<HttpResponseMessage> SignInAsync(AccountsAppServer app, HostileOidc oidc, string provider)
    {
        using var start = await app.Client.GetAsync($"/_accounts/oauth/{provider}/start");
        var url = (await app.JsonAsync(start, HttpStatusCode.OK)).GetProperty("url").GetString()!;
        var query = HttpUtility.ParseQueryString(new Uri(url).Query);
        oidc.Nonce = query["nonce"]!;
        var cookie = start.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("bunbase_oauth=", StringComparison.Ordinal));
        return await CallbackAsync(app, provider, new { code = "some-code", state = query["state"] }, cookie[..cookie.IndexOf(';', StringComparison.Ordinal)]);
    }

    internal static async Task<HttpResponseMessage> CallbackAsync(AccountsAppServer app, string provider, object body, string? cookie)
    {
        using var client = new HttpClient(new HttpClientHandler { UseCookies = false }) { BaseAddress = app.Server.Address };
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/_accounts/oauth/{provider}/callback") { Content = JsonContent.Create(body) };
        if (cookie is not null)
            request.Headers.Add("Cookie", cookie);
        var response = await client.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        return response;
    }
}
