using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Bunbase.Runtime.Configuration;
using Bunbase.Runtime.Discovery;
using Microsoft.OpenApi;

namespace Bunbase.Runtime.OpenApi;

/// <summary>
/// The document, serialized once (see <see cref="OpenApiDocumentSource"/>): compact bytes with their ETag for serving from memory,
/// and the indented text that <c>bunbase openapi</c> writes (the reviewable snapshot). Same content.
/// </summary>
internal sealed partial class OpenApiDocumentJson
{
    /// <summary>The OpenAPI version the document states.</summary>
    public const string Version = "3.1.0";

    private OpenApiDocumentJson(OpenApiDocument document)
    {
        Utf8 = Encoding.UTF8.GetBytes(Serialize(document, terse: true));
        Indented = Serialize(document, terse: false);
        ETag = "\"" + Convert.ToHexStringLower(SHA256.HashData(Utf8).AsSpan(0, 16)) + "\"";
    }

    /// <summary>What <c>GET /openapi.json</c> sends.</summary>
    public byte[] Utf8 { get; }

    /// <summary>What <c>bunbase openapi</c> writes.</summary>
    public string Indented { get; }

    public string ETag { get; }

    public static OpenApiDocumentJson Create(ActionCatalog catalog, BunbaseOptions options) => new(OpenApiDocumentBuilder.Build(catalog, options));

    private static string Serialize(OpenApiDocument document, bool terse)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        document.SerializeAsV31(new OpenApiJsonWriter(text, new OpenApiJsonWriterSettings { Terse = terse }));
        var json = PinVersion(text.ToString());
        return terse ? json : json.ReplaceLineEndings("\n") + "\n";
    }

    /// <summary>
    /// States <c>"openapi": "3.1.0"</c> whatever 3.1 patch the library writes: patch releases add no
    /// feature and fix only the specification's text, and 3.1.0 is the version every 3.1 tool reads,
    /// where some refuse a later patch number they do not know yet (3.1.1 and 3.1.2 included).
    /// </summary>
    private static string PinVersion(string json)
    {
        var match = LibraryVersion().Match(json);
        if (!match.Success)
            throw new InvalidOperationException("The OpenAPI writer no longer starts with \"openapi\": \"3.1.x\".");
        return string.Concat(json.AsSpan(0, match.Groups[1].Index), Version, json.AsSpan(match.Groups[1].Index + match.Groups[1].Length));
    }

    [GeneratedRegex(@"^\{\s*""openapi"":\s*""(3\.1\.[0-9]+)""")]
    private static partial Regex LibraryVersion();
}
