using System.Net;
using System.Text.Json.Nodes;
using Bunbase.Runtime.Tests.Infrastructure;

namespace Bunbase.Runtime.Tests.Auth.Sessions;

/// <summary>
/// Tokens signed with the real key but not of the runtime's shape: each is refused as
/// <c>session_invalid</c> (never accepted half-read, never a 500), and odd but valid ones are served.
/// </summary>
public sealed class SessionClaimsTests(ProductionApp app) : IClassFixture<ProductionApp>
{
    private const string App = "test";
    private const string Header = """{"alg":"HS256","kid":"default","typ":"JWT"}""";

    public static TheoryData<string, string> OddClaims => new()
    {
        { "nbf in the future", """{"nbf": "+3600"}""" },
        { "nbf as a string", """{"nbf": "now"}""" },
        { "exp as a string", """{"exp": "+3600s"}""" },
        { "exp as a fraction", """{"exp": 1.5}""" },
        { "exp past year 9999", """{"exp": 99999999999999}""" },
        { "exp before iat", """{"exp": "-10"}""" },
        { "exp missing", """{"exp": null}""" },
        { "iat as a string", """{"iat": "1700000000"}""" },
        { "iat missing", """{"iat": null}""" },
        { "sat far in the future", """{"sat": 9000000000000000000}""" },
        { "sat negative", """{"sat": -1}""" },
        { "sat after iat", """{"sat": "+3600000ms"}""" },
        { "sat as a string", """{"sat": "yesterday"}""" },
        { "sub as a number", """{"sub": 42}""" },
        { "sub empty", """{"sub": ""}""" },
        { "sub an array", """{"sub": ["ann"]}""" },
        { "sub too long", $$"""{"sub": "{{new string('a', 257)}}"}""" },
        { "sid as a number", """{"sid": 7}""" },
        { "sid missing", """{"sid": null}""" },
        { "gen as a string", """{"gen": "2"}""" },
        { "gen negative", """{"gen": -1}""" },
        { "gen as a fraction", """{"gen": 0.5}""" },
        { "roles as a string", """{"roles": "admin"}""" },
        { "roles with a number", """{"roles": ["admin", 1]}""" },
        { "roles with an empty role", """{"roles": [""]}""" },
        { "roles as an object", """{"roles": {"admin": true}}""" },
        { "perms not grantable", """{"perms": ["tasks write"]}""" },
        { "perms as a string", """{"perms": "tasks:write"}""" },
        { "ext as a string", """{"ext": "x"}""" },
        { "ext with a number", """{"ext": {"email": 1}}""" },
        { "ext with an object", """{"ext": {"email": {"a": "b"}}}""" },
    };

    [Theory]
    [MemberData(nameof(OddClaims))]
    public async Task A_well_signed_token_with_odd_claims_is_refused_as_invalid(string what, string change)
    {
        var token = TokenForge.Sign(Apply(Payload(), change), AppServer.SessionSecret);

        await AssertInvalidAsync(token, what);
    }

    [Theory]
    [InlineData("a name given twice", Header, """{"aud":"test","iss":"test","iat":{iat},"exp":{exp},"sub":"ann","sub":"admin","sid":"s1","sat":{sat}}""")]
    [InlineData("roles given twice", Header, """{"aud":"test","iss":"test","iat":{iat},"exp":{exp},"sub":"ann","sid":"s1","sat":{sat},"roles":[],"roles":["admin"]}""")]
    [InlineData("crit in the header", """{"alg":"HS256","kid":"default","typ":"JWT","crit":["exp"]}""", """{"aud":"test","iss":"test","iat":{iat},"exp":{exp},"sub":"ann","sid":"s1","sat":{sat}}""")]
    [InlineData("a header name given twice", """{"alg":"HS256","kid":"default","typ":"JWT","typ":"JWT"}""", """{"aud":"test","iss":"test","iat":{iat},"exp":{exp},"sub":"ann","sid":"s1","sat":{sat}}""")]
    [InlineData("a payload that is an array", Header, """[{"sub":"ann"}]""")]
    [InlineData("a payload that is not JSON", Header, """{"sub":"ann",""")]
    [InlineData("a sub that is not Unicode", Header, """{"aud":"test","iss":"test","iat":{iat},"exp":{exp},"sub":"a\ud800","sid":"s1","sat":{sat}}""")]
    [InlineData("a role that is not Unicode", Header, """{"aud":"test","iss":"test","iat":{iat},"exp":{exp},"sub":"ann","sid":"s1","sat":{sat},"roles":["\ud800"]}""")]
    [InlineData("a claim name that is not Unicode", Header, """{"aud":"test","iss":"test","iat":{iat},"exp":{exp},"sub":"ann","sid":"s1","sat":{sat},"ext":{"\udc00":"x"}}""")]
    public async Task A_well_signed_token_of_the_wrong_shape_is_refused_as_invalid(string what, string header, string payload)
    {
        var now = DateTimeOffset.UtcNow;
        var json = payload.Replace("{iat}", now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{exp}", (now.ToUnixTimeSeconds() + 3600).ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{sat}", (now.ToUnixTimeSeconds() * 1000).ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);

        await AssertInvalidAsync(TokenForge.SignRaw(header, json, AppServer.SessionSecret), what);
    }

    [Theory]
    [InlineData("no ext, roles, perms or gen", """{"ext": null, "roles": null, "perms": null}""")]
    [InlineData("nbf within the clock skew", """{"nbf": "+10"}""")]
    [InlineData("no nbf", """{"nbf": null}""")]
    [InlineData("an unknown claim", """{"jti": "x", "extra": {"a": [1, 2]}}""")]
    [InlineData("empty roles and claims", """{"roles": [], "perms": [], "ext": {}}""")]
    public async Task A_well_signed_token_with_valid_but_unusual_claims_is_served(string what, string change)
    {
        var token = TokenForge.Sign(Apply(Payload(), change), AppServer.SessionSecret);

        using var response = await app.Client.SendAsync(TestSessions.WithBearer(HttpMethod.Get, "/auth/me", token));

        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{what}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    [Fact]
    public async Task A_session_past_the_absolute_lifetime_is_expired_whatever_its_exp_says()
    {
        // Signed in 31 days ago (absoluteExpiresIn is 30d), issued now with a week to go.
        var payload = TokenForge.Payload(App, $"ann-{Guid.NewGuid():N}", TimeSpan.Zero, TimeSpan.FromDays(7), signedInAgo: TimeSpan.FromDays(31));

        using var response = await app.Client.SendAsync(TestSessions.WithBearer(HttpMethod.Get, "/auth/me", TokenForge.Sign(payload, AppServer.SessionSecret)));

        Assert.Equal("session_expired", (await Problem.ReadAsync(response, HttpStatusCode.Unauthorized)).Code);
    }

    private static JsonObject Payload()
    {
        var payload = TokenForge.Payload(App, $"ann-{Guid.NewGuid():N}", TimeSpan.Zero, TimeSpan.FromHours(1));
        payload["roles"] = new JsonArray("member");
        payload["perms"] = new JsonArray("tasks:*");
        payload["gen"] = 0;
        payload["ext"] = new JsonObject { ["email"] = "ann@example.com" };
        return payload;
    }

    /// <summary>Sets, or with null removes, claims; "+N"/"-N" are seconds from now (or "+Nms" milliseconds from iat).</summary>
    private static JsonObject Apply(JsonObject payload, string change)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        foreach (var (name, value) in JsonNode.Parse(change)!.AsObject())
        {
            if (value is null)
            {
                payload.Remove(name);
                continue;
            }

            var text = value.GetValueKind() == System.Text.Json.JsonValueKind.String ? value.GetValue<string>() : null;
            payload[name] = text switch
            {
                ['+' or '-', .., 'm', 's'] => (long)payload["iat"]! * 1000 + long.Parse(text[..^2], System.Globalization.CultureInfo.InvariantCulture),
                ['+' or '-', _, ..] when long.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var offset) => now + offset,
                _ => value.DeepClone(),
            };
        }

        return payload;
    }

    private async Task AssertInvalidAsync(string token, string what)
    {
        using (var response = await app.Client.SendAsync(TestSessions.WithBearer(HttpMethod.Get, "/auth/me", token)))
        {
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{what}: {(int)response.StatusCode} {body}");
            Assert.Contains("\"session_invalid\"", body, StringComparison.Ordinal);
        }

        // Actions without identity guards serve it anonymously.
        Assert.Null(await TestSessions.WhoAsync(app.Client, TestSessions.WithBearer(HttpMethod.Get, "/auth/maybe", token)));
    }
}
