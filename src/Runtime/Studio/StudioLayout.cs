using Microsoft.AspNetCore.Http;

namespace Bunbase.Runtime.Studio;

/// <summary>The shell of every page: the navigation, the packaged stylesheet and script (nothing from another host), and the headers that keep it that way.</summary>
internal static class StudioLayout
{
    public const string Prefix = "/_studio";

    private static readonly (string Path, string Title)[] Pages =
    [
        ("/actions", "Actions"), ("/runs", "Runs"), ("/jobs", "Jobs"), ("/events", "Events"), ("/channels", "Channels"), ("/health", "Health"),
    ];

    /// <summary>
    /// Only the app itself: scripts, styles, images and requests from its own origin (the charts are inline SVG markup),
    /// no inline script or style, and no framing (clickjacking the console's buttons).
    /// </summary>
    private const string Policy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    public static Task WriteAsync(HttpContext http, string title, string current, Html body, int status = StatusCodes.Status200OK)
    {
        var page = new Html()
            .Raw("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Raw("<title>").Text(title).Raw(" · Studio</title>")
            .Raw($"<link rel=\"stylesheet\" href=\"{Prefix}/assets/studio.css\"><script src=\"{Prefix}/assets/studio.js\" defer></script></head><body>")
            .Raw($"<header><a class=\"brand\" href=\"{Prefix}/actions\">Bunbase Studio</a><nav>");
        foreach (var (path, name) in Pages)
            page.Raw($"<a href=\"{Prefix}{path}\"{(path == current ? " aria-current=\"page\"" : "")}>{name}</a>");
        page.Raw("</nav></header><main><h1>").Text(title).Raw("</h1>").Raw(body.ToString()).Raw("</main></body></html>\n");

        var response = http.Response;
        response.StatusCode = status;
        response.ContentType = "text/html; charset=utf-8";
        response.Headers.CacheControl = "no-store";
        response.Headers.ContentSecurityPolicy = Policy;
        response.Headers.XFrameOptions = "DENY";
        response.Headers.XContentTypeOptions = "nosniff";
        // Not no-referrer: with it, browsers send "Origin: null" on form posts, which the CSRF check must refuse.
        response.Headers["Referrer-Policy"] = "same-origin";
        return response.WriteAsync(page.ToString(), http.RequestAborted);
    }

    /// <summary>A line for the outcome of a console action, carried in the redirect after it (<c>?done=</c>).</summary>
    public static void Notice(Html body, HttpContext http)
    {
        if (http.Request.Query["done"] is [{ Length: > 0 } done])
            body.Raw("<p class=\"notice\" role=\"status\">").Text(done).Raw("</p>");
    }
}
