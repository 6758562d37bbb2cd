using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Bunbase.Runtime.Configuration;
using Bunbase.Runtime.Discovery;
using Microsoft.OpenApi;

namespace Bunbase.Runtime.OpenApi;

/// <summary>The serialized document and its ETag: built once at start, served from memory.</summary>
internal sealed class OpenApiDocumentJson
{
    private OpenApiDocumentJson(byte[] utf8)
    {
        Utf8 = utf8;
        ETag = "\"" + Convert.ToHexStringLower(SHA256.HashData(utf8).AsSpan(0, 16)) + "\"";
    }

    public byte[] Utf8 { get; }

    public string ETag { get; }

    public static OpenApiDocumentJson Create(ActionCatalog catalog, BunbaseOptions options) => new(Encoding.UTF8.GetBytes(Serialize(OpenApiDocumentBuilder.Build(catalog, options))));

    public static string Serialize(OpenApiDocument document)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        document.SerializeAsV31(new OpenApiJsonWriter(text));
        return text.ToString().ReplaceLineEndings("\n") + "\n";
    }
}
