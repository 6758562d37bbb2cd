using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Bunbase.Runtime.Tests.Accounts;

/// <summary>
/// An OpenID Connect provider on loopback (Kestrel) whose every answer a test crafts: the discovery document, the keys
/// and the token endpoint's answer (by default a well-formed id_token for <see cref="Claims"/>, signed RS256 by
/// <see cref="Key"/>). It counts the requests each endpoint gets.
/// </summary>
public sealed class HostileOidc : IAsyncDisposable
{
    public const string ClientId = "bunbase-test";

    private readonly WebApplication _app;
    private int _discoveryHits;
    private int _jwksHits;
    private int _tokenHits;

    private HostileOidc(WebApplication app) => _app = app;

    /// <summary>The issuer (the server's base URL, no trailing slash).</summary>
    public string Url { get; private set; } = "";

    public RSA Key { get; } = RSA.Create(2048);

    public string KeyId { get; set; } = "k1";

    /// <summary>The keys the JWKS publishes (by default <see cref="Key"/> as <see cref="KeyId"/>).</summary>
    public Func<IEnumerable<(string Kid, RSA Key)>>? Published { get; set; }

    /// <summary>The discovery document (null: the issuer's own, on this server).</summary>
    public Func<HttpContext, Task<IResult>>? Discovery { get; set; }

    /// <summary>The token endpoint's answer (null: <c>{access_token, token_type, id_token}</c> with <see cref="IdToken"/>).</summary>
    public Func<HttpContext, Task<IResult>>? Token { get; set; }

    /// <summary>The nonce of the sign-in under way (read from the start URL by the test).</summary>
    public string Nonce { get; set; } = "";

    /// <summary>Changes the default claims before they are signed.</summary>
    public Action<JsonObject> Claims { get; set; } = _ => { };

    /// <summary>The id_token the token endpoint gives (default: <see cref="Claims"/> signed by <see cref="Key"/>).</summary>
    public Func<string>? IdToken { get; set; }

    public int DiscoveryHits => Volatile.Read(ref _discoveryHits);

    public int JwksHits => Volatile.Read(ref _jwksHits);

    public int TokenHits => Volatile.Read(ref _tokenHits);

    public static async Task<HostileOidc> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var oidc = new HostileOidc(app);
        app.MapGet("/.well-known/openid-configuration", (Func<HttpContext, Task<IResult>>)(http =>
        {
            Interlocked.Increment(ref oidc._discoveryHits);
            return oidc.Discovery?.Invoke(http) ?? Task.FromResult(Results.Json(oidc.Document()));
        }));
        app.MapGet("/jwks", () =>
        {
            Interlocked.Increment(ref oidc._jwksHits);
            var keys = oidc.Published?.Invoke() ?? [(oidc.KeyId, oidc.Key)];
            return Results.Json(new { keys = keys.Select(k => Jwk(k.Kid, k.Key)).ToArray() });
        });
        app.MapPost("/token", (Func<HttpContext, Task<IResult>>)(http =>
        {
            Interlocked.Increment(ref oidc._tokenHits);
            return oidc.Token?.Invoke(http) ?? Task.FromResult(Results.Json(new { access_token = "at", token_type = "Bearer", id_token = oidc.IdToken?.Invoke() ?? oidc.Signed() }));
        }));
        await app.StartAsync();
        oidc.Url = app.Urls.First().TrimEnd('/');
        return oidc;
    }

    /// <summary>The well-formed discovery document of this server.</summary>
    public JsonObject Document() => new()
    {
        ["issuer"] = Url,
        ["authorization_endpoint"] = Url + "/authorize",
        ["token_endpoint"] = Url + "/token",
        ["jwks_uri"] = Url + "/jwks",
        ["id_token_signing_alg_values_supported"] = new JsonArray("RS256"),
    };

    /// <summary>The claims a correct id_token for the sign-in under way has, changed by <see cref="Claims"/>.</summary>
    public JsonObject Payload()
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var payload = new JsonObject
        {
            ["iss"] = Url,
            ["aud"] = ClientId,
            ["sub"] = "u-1",
            ["email"] = "ada@example.com",
            ["email_verified"] = true,
            ["nonce"] = Nonce,
            ["iat"] = now,
            ["nbf"] = now,
            ["exp"] = now + 300,
        };
        Claims(payload);
        return payload;
    }

    /// <summary>The payload signed RS256 by <paramref name="key"/> (default <see cref="Key"/>) under <paramref name="kid"/> (default <see cref="KeyId"/>).</summary>
    public string Signed(RSA? key = null, string? kid = null) => SignRs256(Header("RS256", kid ?? KeyId), Encode(Payload()), key ?? Key);

    public static JsonObject Header(string alg, string? kid) => kid is null ? new() { ["alg"] = alg, ["typ"] = "JWT" } : new() { ["alg"] = alg, ["kid"] = kid, ["typ"] = "JWT" };

    public static string SignRs256(JsonObject header, string encodedPayload, RSA key)
    {
        var signed = Encode(header) + "." + encodedPayload;
        return signed + "." + B64(key.SignData(Encoding.ASCII.GetBytes(signed), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
    }

    public static string Encode(JsonNode node) => B64(Encoding.UTF8.GetBytes(node.ToJsonString()));

    public static string Encode(string rawJson) => B64(Encoding.UTF8.GetBytes(rawJson));

    public static string B64(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static object Jwk(string kid, RSA key)
    {
        var p = key.ExportParameters(false);
        return new { kty = "RSA", use = "sig", alg = "RS256", kid, n = B64(p.Modulus!), e = B64(p.Exponent!) };
    }

    /// <summary>The JWK of <see cref="Key"/> as the JWKS serves it (JSON text), e.g. as an HMAC secret.</summary>
    public string PublicJwkJson() => JsonSerializer.Serialize(Jwk(KeyId, Key));

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        Key.Dispose();
    }
}
