using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Bunbase.Runtime.Configuration;
using Bunbase.Runtime.Discovery;
using Microsoft.OpenApi;

namespace Bunbase.Runtime.OpenApi;

/// <summary>
/// The document, serialized once at start: compact bytes with their ETag for serving from memory,
/// and the indented text that <c>bunbase openapi</c> writes (the reviewable snapshot). Same content.
/// </summary>
internal sealed class OpenApiDocumentJson
{
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
        return terse ? text.ToString() : text.ToString().ReplaceLineEndings("\n") + "\n";
    }
}
