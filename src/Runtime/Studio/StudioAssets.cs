using System.Collections.Frozen;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;

namespace Bunbase.Runtime.Studio;

/// <summary>The console's stylesheet and script, embedded in the assembly (no build step, nothing fetched from elsewhere).</summary>
internal static class StudioAssets
{
    private static readonly FrozenDictionary<string, (byte[] Bytes, string Type, string ETag)> Files = new[] { ("studio.css", "text/css; charset=utf-8"), ("studio.js", "text/javascript; charset=utf-8") }
        .ToFrozenDictionary(f => f.Item1, f => Load(f.Item1, f.Item2), StringComparer.Ordinal);

    public static Task ServeAsync(HttpContext http)
    {
        if (http.Request.RouteValues["file"] is not string name || !Files.TryGetValue(name, out var file))
        {
            http.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        }

        http.Response.Headers.ETag = file.ETag;
        http.Response.Headers.CacheControl = "no-cache";
        http.Response.Headers.XContentTypeOptions = "nosniff";
        if (http.Request.Headers.IfNoneMatch == file.ETag)
        {
            http.Response.StatusCode = StatusCodes.Status304NotModified;
            return Task.CompletedTask;
        }

        http.Response.ContentType = file.Type;
        http.Response.ContentLength = file.Bytes.Length;
        return http.Response.Body.WriteAsync(file.Bytes, http.RequestAborted).AsTask();
    }

    private static (byte[], string, string) Load(string name, string type)
    {
        using var stream = typeof(StudioAssets).Assembly.GetManifestResourceStream("Bunbase.Runtime.Studio.Assets." + name)
            ?? throw new InvalidOperationException($"The Studio's {name} is not embedded in the assembly.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        var bytes = copy.ToArray();
        return (bytes, type, "\"" + Convert.ToHexStringLower(SHA256.HashData(bytes).AsSpan(0, 8)) + "\"");
    }
}
