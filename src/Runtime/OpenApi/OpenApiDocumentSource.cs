using Bunbase.Runtime.Configuration;
using Bunbase.Runtime.Discovery;

namespace Bunbase.Runtime.OpenApi;

/// <summary>
/// The app's OpenAPI document, built on first use (the first <c>GET /openapi.json</c>, or <c>bunbase openapi</c>) and
/// kept. Not at start, not even in the background: building it JIT-compiles the OpenAPI library and our schema
/// generator (about 600 methods, 4 MB of resident memory), which an instance that never serves the document need
/// not pay. Concurrent first requests wait for one build.
/// </summary>
internal sealed class OpenApiDocumentSource(ActionCatalog catalog, BunbaseOptions options)
{
    private readonly Lazy<OpenApiDocumentJson> _document = new(() => OpenApiDocumentJson.Create(catalog, options));

    public OpenApiDocumentJson Document => _document.Value;

    /// <summary>Whether the document has been built (or its build has failed).</summary>
    public bool IsBuilt => _document.IsValueCreated;
}
