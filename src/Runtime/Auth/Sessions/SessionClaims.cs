using System.Buffers.Text;
using System.Text.Json;
using Bunbase.Runtime.Auth.Guards;

namespace Bunbase.Runtime.Auth.Sessions;

/// <summary>
/// Reads the claims of a token whose signature, issuer, audience, algorithm and type the handler
/// has checked, strictly: a well-signed token that is not exactly the shape the runtime issues is
/// refused (401 <c>session_invalid</c>), never half-read nor a 500.
/// </summary>
/// <remarks>
/// The header must not carry <c>crit</c> (no extension is understood, RFC 7515 §4.1.11). In the
/// payload, no name may repeat; <c>sub</c> and <c>sid</c> are strings of 1 to 256 characters;
/// <c>iat</c>, <c>exp</c> (after <c>iat</c>) and <c>nbf</c> (optional) are whole seconds, <c>sat</c>
/// whole milliseconds no later than <c>iat</c>, and <c>gen</c> (optional) a whole number, 0 or
/// more; <c>roles</c> and <c>perms</c> (optional) arrays of roles and grantable permissions;
/// <c>ext</c> (optional) an object of strings. Other claims are ignored. Numbers given as strings,
/// fractions or out of range make the token invalid.
/// </remarks>
internal static class SessionClaims
{
    private const int MaxIdLength = 256;

    // 9999-12-31T23:59:59Z, the last moment DateTimeOffset holds.
    private const long MaxUnixSeconds = 253_402_300_799;

    private static readonly JsonDocumentOptions Strict = new() { AllowDuplicateProperties = false, MaxDepth = 8 };

    /// <summary>Whether the header asks for nothing the runtime does not understand (no <c>crit</c>) and names nothing twice.</summary>
    public static bool HeaderIsAcceptable(string encodedHeader)
    {
        using var header = Parse(encodedHeader);
        return header is { RootElement.ValueKind: JsonValueKind.Object } && !header.RootElement.TryGetProperty("crit", out _);
    }

    /// <summary>The session the payload describes, or null when it is not a session of this runtime's shape.</summary>
    /// <param name="token">The token's text.</param>
    /// <param name="keyId">The key that signed it.</param>
    /// <param name="encodedPayload">The payload, base64url.</param>
    /// <param name="notBefore">The <c>nbf</c> claim, if any.</param>
    public static SessionTicket? Read(string token, string keyId, string encodedPayload, out DateTimeOffset? notBefore)
    {
        notBefore = null;
        try
        {
            return ReadClaims(token, keyId, encodedPayload, ref notBefore);
        }
        catch (InvalidOperationException)
        {
            // A claim's string escapes an unpaired surrogate (every other shape is checked before a string is read).
            notBefore = null;
            return null;
        }
    }

    private static SessionTicket? ReadClaims(string token, string keyId, string encodedPayload, ref DateTimeOffset? notBefore)
    {
        using var document = Parse(encodedPayload);
        if (document is not { RootElement: { ValueKind: JsonValueKind.Object } payload })
            return null;
        if (Text(payload, "sub") is not { } userId || Text(payload, "sid") is not { } sessionId
            || !Whole(payload, "sat", 0, MaxUnixSeconds * 1000, out var signedInAt)
            || !Whole(payload, "iat", 0, MaxUnixSeconds, out var issuedAt)
            || !Whole(payload, "exp", issuedAt + 1, MaxUnixSeconds, out var expiresAt)
            || signedInAt > (issuedAt * 1000) + 999
            || !Optional(payload, "nbf", 0, MaxUnixSeconds, out var nbf)
            || !Optional(payload, "gen", 0, long.MaxValue, out var generation)
            || !Strings(payload, "roles", role => !string.IsNullOrWhiteSpace(role), out var roles)
            || !Strings(payload, "perms", PermissionSet.IsGrantable, out var permissions)
            || !Extra(payload, out var claims))
            return null;

        if (nbf is { } seconds)
            notBefore = DateTimeOffset.FromUnixTimeSeconds(seconds);
        var user = new SessionUser(userId) { Roles = roles, Permissions = permissions, Claims = claims };
        return new SessionTicket(token, keyId, sessionId, generation ?? 0, user,
            DateTimeOffset.FromUnixTimeMilliseconds(signedInAt),
            DateTimeOffset.FromUnixTimeSeconds(issuedAt),
            DateTimeOffset.FromUnixTimeSeconds(expiresAt));
    }

    private static JsonDocument? Parse(string base64Url)
    {
        try
        {
            return JsonDocument.Parse(Base64Url.DecodeFromChars(base64Url), Strict);
        }
        catch (Exception ex) when (ex is JsonException or FormatException)
        {
            return null;
        }
    }

    private static string? Text(JsonElement payload, string name) =>
        payload.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            && value.GetString() is { Length: > 0 and <= MaxIdLength } text ? text : null;

    private static bool Whole(JsonElement payload, string name, long min, long max, out long value)
    {
        value = 0;
        return payload.TryGetProperty(name, out var element) && element.ValueKind == JsonValueKind.Number
            && element.TryGetInt64(out value) && value >= min && value <= max;
    }

    private static bool Optional(JsonElement payload, string name, long min, long max, out long? value)
    {
        value = null;
        if (!payload.TryGetProperty(name, out _))
            return true;
        if (!Whole(payload, name, min, max, out var whole))
            return false;
        value = whole;
        return true;
    }

    private static bool Strings(JsonElement payload, string name, Func<string, bool> isValid, out string[] values)
    {
        values = [];
        if (!payload.TryGetProperty(name, out var array))
            return true;
        if (array.ValueKind != JsonValueKind.Array)
            return false;
        var list = new List<string>(array.GetArrayLength());
        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String || item.GetString() is not { } text || !isValid(text))
                return false;
            list.Add(text);
        }

        values = [.. list];
        return true;
    }

    private static bool Extra(JsonElement payload, out Dictionary<string, string> claims)
    {
        claims = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!payload.TryGetProperty("ext", out var extra))
            return true;
        if (extra.ValueKind != JsonValueKind.Object)
            return false;
        foreach (var claim in extra.EnumerateObject())
        {
            if (claim.Value.ValueKind != JsonValueKind.String)
                return false;
            claims[claim.Name] = claim.Value.GetString()!;
        }

        return true;
    }
}
