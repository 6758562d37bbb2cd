using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Bunbase.Runtime.Auth.Sessions;
using Microsoft.AspNetCore.Http;

namespace Bunbase.Runtime.Storage;

/// <summary>
/// Signs and checks the URLs of the runtime's file route (<c>/_files/KEY?...</c>): HMAC-SHA256 over
/// the method, key, expiry and limits, with a key derived (HKDF) from each session signing key, so
/// rotating <c>auth.keys</c> rotates these too and a file URL is never a valid session signature.
/// </summary>
internal sealed class SignedFileUrls
{
    public const string RoutePrefix = "/_files/";
    private static readonly byte[] Purpose = "bunbase signed file url v1"u8.ToArray();
    private readonly (string Id, byte[] Key)[] _keys;
    private readonly TimeProvider _time;

    public SignedFileUrls(SessionKeyRing ring, TimeProvider time)
    {
        _keys = [.. ring.Keys.Select(k => (k.KeyId ?? "", HKDF.DeriveKey(HashAlgorithmName.SHA256, k.Key, 32, salt: [], info: Purpose)))];
        _time = time;
    }

    public string Sign(string key, SignedUrlMethod method, TimeSpan expiresIn, SignedUrlOptions options)
    {
        if (_keys.Length == 0)
            throw new InvalidOperationException("Signed file URLs need a signing key: set auth.sessionSecret (or auth.keys).");
        var claims = new SignedFileClaims(method, _time.GetUtcNow().Add(expiresIn).ToUnixTimeSeconds(), options.MaxBytes, options.ContentType, options.FileName);
        var (id, secret) = _keys[0];
        var query = new StringBuilder();
        query.Append("?m=").Append(method == SignedUrlMethod.Put ? "put" : "get");
        query.Append("&e=").Append(claims.Expires.ToString(CultureInfo.InvariantCulture));
        if (claims.MaxBytes is { } max)
            query.Append("&x=").Append(max.ToString(CultureInfo.InvariantCulture));
        if (claims.ContentType is { } type)
            query.Append("&t=").Append(Uri.EscapeDataString(type));
        if (claims.FileName is { } name)
            query.Append("&n=").Append(Uri.EscapeDataString(name));
        query.Append("&k=").Append(Uri.EscapeDataString(id));
        query.Append("&s=").Append(Signature(secret, key, claims));
        return RoutePrefix + string.Join('/', key.Split('/').Select(Uri.EscapeDataString)) + query;
    }

    /// <summary>The claims of a request to the file route, or why it is refused (altered, expired, another method).</summary>
    public (SignedFileClaims? Claims, string? Refusal) Verify(string key, string requestMethod, IQueryCollection query)
    {
        var method = HttpMethods.IsPut(requestMethod) ? SignedUrlMethod.Put : SignedUrlMethod.Get;
        if (!long.TryParse(query["e"], NumberStyles.None, CultureInfo.InvariantCulture, out var expires))
            return (null, "The URL is not a signed file URL.");
        long? max = null;
        if (query.TryGetValue("x", out var maxText))
        {
            if (!long.TryParse(maxText, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
                return (null, "The URL's signature is not valid.");
            max = parsed;
        }

        var claims = new SignedFileClaims(method, expires, max, Single(query, "t"), Single(query, "n"));
        var id = (string?)query["k"] ?? "";
        var signature = (string?)query["s"] ?? "";
        var valid = false;
        foreach (var (keyId, secret) in _keys)
        {
            if (keyId == id && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Signature(secret, key, claims)), Encoding.ASCII.GetBytes(signature)))
                valid = true;
        }

        if (!valid)
            return (null, "The URL's signature is not valid for this request (altered, or signed for another method).");
        return _time.GetUtcNow().ToUnixTimeSeconds() > expires ? (null, "The URL has expired.") : (claims, null);
    }

    private static string? Single(IQueryCollection query, string name) => query.TryGetValue(name, out var value) ? value.ToString() : null;

    private static string Signature(byte[] secret, string key, SignedFileClaims claims)
    {
        var text = string.Join('\n',
            claims.Method == SignedUrlMethod.Put ? "PUT" : "GET",
            key,
            claims.Expires.ToString(CultureInfo.InvariantCulture),
            claims.MaxBytes?.ToString(CultureInfo.InvariantCulture) ?? "",
            claims.ContentType ?? "",
            claims.FileName ?? "");
        return Base64Url.EncodeToString(HMACSHA256.HashData(secret, Encoding.UTF8.GetBytes(text)));
    }
}
