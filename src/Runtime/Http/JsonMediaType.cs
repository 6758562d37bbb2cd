using Microsoft.Net.Http.Headers;

namespace Bunbase.Runtime.Http;

/// <summary>
/// The request content types read as JSON: <c>application/json</c> or a <c>+json</c> type, with no charset or
/// <c>utf-8</c>, quoted or not (JSON is read as UTF-8, so a body declared in another charset would be misread). Action bodies, the
/// operator endpoints and MCP ask here, so they accept and refuse the same types.
/// </summary>
internal static class JsonMediaType
{
    public static bool Accepts(string? contentType)
    {
        if (contentType is null)
            return false;
        if (contentType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || contentType.Equals("application/json; charset=utf-8", StringComparison.OrdinalIgnoreCase))
            return true;
        if (!MediaTypeHeaderValue.TryParse(contentType, out var media))
            return false;
        var isJson = media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || media.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase);
        return isJson && IsUtf8OrNone(media);
    }

    /// <summary>
    /// No charset, or one <c>charset</c> of utf-8, quoted or not (RFC 9110 5.6.6: the two are the same value).
    /// Two charsets are refused rather than one picked: another reader may pick the other.
    /// </summary>
    private static bool IsUtf8OrNone(MediaTypeHeaderValue media)
    {
        // A loop, not LINQ: every JSON request asks, and most have no parameter at all.
        var seen = false;
        foreach (var parameter in media.Parameters)
        {
            if (!parameter.Name.Equals("charset", StringComparison.OrdinalIgnoreCase))
                continue;
            if (seen || !HeaderUtilities.RemoveQuotes(parameter.Value).Equals("utf-8", StringComparison.OrdinalIgnoreCase))
                return false;
            seen = true;
        }

        return true;
    }
}
