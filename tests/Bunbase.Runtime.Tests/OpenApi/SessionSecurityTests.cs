using System.Collections;
using System.Text.Json.Nodes;
using Bunbase.Runtime.Tests.Infrastructure;

namespace Bunbase.Runtime.Tests.OpenApi;

/// <summary>Sessions in the document: schemes, per-operation security and the statuses guards add.</summary>
public sealed class SessionSecurityTests
{
    [Fact]
    public async Task The_cookie_and_bearer_schemes_are_declared()
    {
        var document = await DocumentAsync();
        var schemes = document["components"]!["securitySchemes"]!;

        Assert.Equal("http", schemes["sessionBearer"]!["type"]!.GetValue<string>());
        Assert.Equal("bearer", schemes["sessionBearer"]!["scheme"]!.GetValue<string>());
        Assert.Equal("JWT", schemes["sessionBearer"]!["bearerFormat"]!.GetValue<string>());
        Assert.Equal("apiKey", schemes["sessionCookie"]!["type"]!.GetValue<string>());
        Assert.Equal("cookie", schemes["sessionCookie"]!["in"]!.GetValue<string>());
        Assert.Equal("session", schemes["sessionCookie"]!["name"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("/auth/me", "get", new[] { "401" }, new[] { "403" })]
    [InlineData("/guarded/admin", "get", new[] { "401", "403" }, new string[0])]
    [InlineData("/auth/sign-out-everywhere", "post", new[] { "401", "403" }, new string[0])]
    [InlineData("/documents/{owner}", "put", new[] { "401", "403", "400" }, new string[0])]
    public async Task A_guarded_operation_takes_either_scheme_and_documents_what_its_guards_answer(string path, string method, string[] present, string[] absent)
    {
        var operation = (await DocumentAsync())["paths"]![path]![method]!;

        Assert.Equal("""[{"sessionCookie":[]},{"sessionBearer":[]}]""", operation["security"]!.ToJsonString());
        var responses = operation["responses"]!.AsObject().Select(r => r.Key).ToList();
        Assert.All(present, status => Assert.Contains(status, responses));
        Assert.All(absent, status => Assert.DoesNotContain(status, responses));
        Assert.Equal("#/components/responses/Problem401", operation["responses"]!["401"]!["$ref"]!.GetValue<string>());
        Assert.NotNull(operation["responses"]!.AsObject().First(r => r.Key.StartsWith('2')).Value!["headers"]!["Session-Token"]);
    }

    [Fact]
    public async Task A_401_documents_its_challenge_header()
    {
        var header = (await DocumentAsync())["components"]!["responses"]!["Problem401"]!["headers"]!["WWW-Authenticate"]!;

        Assert.True(header["required"]!.GetValue<bool>());
    }

    [Theory]
    [InlineData("/auth/maybe", "get")]
    [InlineData("/hello", "get")]
    [InlineData("/staff/open-day", "get")]
    public async Task An_unguarded_operation_states_it_is_anonymous_and_has_no_401(string path, string method)
    {
        var operation = (await DocumentAsync())["paths"]![path]![method]!;

        Assert.Equal("[]", operation["security"]!.ToJsonString());
        Assert.Null(operation["responses"]!["401"]);
    }

    [Fact]
    public async Task With_cookies_off_only_the_bearer_scheme_is_offered_and_writes_need_no_origin()
    {
        var document = await DocumentAsync($$""" "auth": { "sessionSecret": "{{AppServer.SessionSecret}}", "cookie": { "enabled": false } } """);

        Assert.Null(document["components"]!["securitySchemes"]!["sessionCookie"]);
        var signOutEverywhere = document["paths"]!["/auth/sign-out-everywhere"]!["post"]!;
        Assert.Equal("""[{"sessionBearer":[]}]""", signOutEverywhere["security"]!.ToJsonString());
        Assert.Null(signOutEverywhere["responses"]!["403"]);
    }

    [Theory]
    [InlineData("Closed", true)]
    [InlineData("Open", false)]
    public async Task A_503_is_documented_when_revocations_live_in_redis_and_the_policy_is_closed(string policy, bool documented)
    {
        var document = await DocumentAsync(
            $$""" "redis": { "timeoutMs": 200, "connectTimeoutMs": 200 }, "auth": { "sessionSecret": "{{AppServer.SessionSecret}}", "onStoreFailure": "{{policy}}" } """,
            new Hashtable { ["REDIS_URL"] = "redis://127.0.0.1:1" });

        Assert.Equal(documented, document["paths"]!["/auth/me"]!["get"]!["responses"]!["503"] is not null);
        Assert.Null(document["paths"]!["/auth/maybe"]!["get"]!["responses"]!["503"]);
    }

    [Fact]
    public async Task A_sign_in_documents_its_cookie_and_what_checking_credentials_can_answer()
    {
        var operation = (await DocumentAsync())["paths"]!["/auth/sign-in"]!["post"]!;

        Assert.Contains("Sets the session cookie `session`", operation["responses"]!["200"]!["headers"]!["Set-Cookie"]!["description"]!.GetValue<string>(), StringComparison.Ordinal);
        foreach (var status in new[] { "401", "429", "503" })
            Assert.NotNull(operation["responses"]![status]);
        Assert.Equal("[]", operation["security"]!.ToJsonString());
    }

    [Fact]
    public async Task Under_the_open_policy_a_sign_in_has_no_503()
    {
        var document = await DocumentAsync($$""" "auth": { "sessionSecret": "{{AppServer.SessionSecret}}", "onStoreFailure": "Open" } """);

        Assert.Null(document["paths"]!["/auth/sign-in"]!["post"]!["responses"]!["503"]);
    }

    [Fact]
    public async Task A_sign_out_takes_an_optional_session_deletes_the_cookie_and_may_answer_503()
    {
        var operation = (await DocumentAsync())["paths"]!["/auth/sign-out"]!["post"]!;

        Assert.Equal("""[{},{"sessionCookie":[]},{"sessionBearer":[]}]""", operation["security"]!.ToJsonString());
        Assert.Contains("Deletes the session cookie", operation["responses"]!["204"]!["headers"]!["Set-Cookie"]!["description"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.NotNull(operation["responses"]!["503"]);
    }

    [Fact]
    public async Task A_guarded_operation_documents_the_cookie_renewal()
    {
        var operation = (await DocumentAsync())["paths"]!["/auth/me"]!["get"]!;

        Assert.Contains("Renews the session cookie", operation["responses"]!["200"]!["headers"]!["Set-Cookie"]!["description"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    private static async Task<JsonNode> DocumentAsync(string extraConfig = "", IDictionary? variables = null)
    {
        await using var server = await AppServer.StartAsync(extraConfig: extraConfig, variables: variables);
        return JsonNode.Parse(await server.Client.GetStringAsync("/openapi.json"))!;
    }
}
