using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Bunbase.Runtime.Tests.Infrastructure;

/// <summary>
/// Builds JWTs by hand (no token library), so tests can present what an attacker or a buggy client
/// would: other keys, other algorithms, altered payloads, times of their choosing.
/// </summary>
public static class TokenForge
{
    /// <summary>A session payload as the runtime issues them, for an app name and times relative to now.</summary>
    public static JsonObject Payload(string app, string userId, TimeSpan issuedAgo, TimeSpan expiresIn, string? sessionId = null, TimeSpan? signedInAgo = null, DateTimeOffset? now = null)
    {
        var at = now ?? DateTimeOffset.UtcNow;
        return new JsonObject
        {
            ["aud"] = app,
            ["iss"] = app,
            ["iat"] = (at - issuedAgo).ToUnixTimeSeconds(),
            ["nbf"] = (at - issuedAgo).ToUnixTimeSeconds(),
            ["exp"] = (at + expiresIn).ToUnixTimeSeconds(),
            ["sub"] = userId,
            ["sid"] = sessionId ?? Guid.NewGuid().ToString("N"),
            ["sat"] = (at - (signedInAgo ?? issuedAgo)).ToUnixTimeMilliseconds(),
        };
    }

    /// <summary>Signs a payload: HS256 by default, or "HS512", or "none" (no signature).</summary>
    public static string Sign(JsonObject payload, string secret, string keyId = "default", string algorithm = "HS256")
    {
        var header = new JsonObject { ["alg"] = algorithm, ["kid"] = keyId, ["typ"] = "JWT" };
        var signed = Encode(header) + "." + Encode(payload);
        var key = Encoding.UTF8.GetBytes(secret);
        var data = Encoding.ASCII.GetBytes(signed);
        var signature = algorithm switch
        {
            "HS256" => HMACSHA256.HashData(key, data),
            "HS512" => HMACSHA512.HashData(key, data),
            _ => [],
        };
        return signed + "." + Base64Url(signature);
    }

    /// <summary>Signs header and payload JSON exactly as given (repeated names, odd types), HS256.</summary>
    public static string SignRaw(string headerJson, string payloadJson, string secret)
    {
        var signed = Base64Url(Encoding.UTF8.GetBytes(headerJson)) + "." + Base64Url(Encoding.UTF8.GetBytes(payloadJson));
        return signed + "." + Base64Url(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.ASCII.GetBytes(signed)));
    }

    /// <summary>The payload of a token, decoded.</summary>
    public static JsonObject ReadPayload(string token) => Decode(token.Split('.')[1]);

    /// <summary>The header of a token, decoded.</summary>
    public static JsonObject ReadHeader(string token) => Decode(token.Split('.')[0]);

    /// <summary>The token with its payload replaced and its signature kept.</summary>
    public static string WithPayload(string token, JsonObject payload)
    {
        var parts = token.Split('.');
        return parts[0] + "." + Encode(payload) + "." + parts[2];
    }

    public static string Encode(JsonNode node) => Base64Url(Encoding.UTF8.GetBytes(node.ToJsonString(new JsonSerializerOptions())));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static JsonObject Decode(string part) =>
        JsonNode.Parse(Convert.FromBase64String(Pad(part.Replace('-', '+').Replace('_', '/'))))!.AsObject();

    private static string Pad(string text) => text.PadRight(text.Length + ((4 - (text.Length % 4)) % 4), '=');
}
