using System.Runtime.CompilerServices;
using Bunbase.Runtime.Configuration;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace Bunbase.Runtime.OpenApi;

/// <summary>Serves the OpenAPI document (with ETag, 304 on a match) and the offline Swagger UI page.</summary>
internal static class OpenApiEndpoints
{
    public static void MapOpenApi(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<BunbaseOptions>();
        if (!options.OpenApi.Enabled)
            return;
        var source = app.Services.GetRequiredService<OpenApiDocumentSource>();
        app.MapMethods(options.OpenApi.Path, ["GET", "HEAD"], http => ServeAsync(http, source.Document)).WithDisplayName("OpenAPI document");

        if (!options.Docs.Enabled)
            return;

        // A branch, so the Swagger UI middleware costs other requests one prefix comparison.
        app.Map(options.Docs.Path, docs =>
        {
            docs.Use((http, next) =>
            {
                // A page of files: another method was redirected, then fell through the static files to a 404.
                if (!HttpMethods.IsGet(http.Request.Method) && !HttpMethods.IsHead(http.Request.Method))
                {
                    http.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
                    http.Response.Headers.Allow = "GET, HEAD";
                    return Task.CompletedTask;
                }

                // Swagger UI's own redirect is relative ("index.html"), which from "/docs" lands on "/index.html".
                if (http.Request.Path.Value is null or "" or "/")
                {
                    http.Response.Redirect($"{http.Request.PathBase}/index.html");
                    return Task.CompletedTask;
                }

                return next(http);
            });
            // Swagger UI's middleware (its embedded files and the static-file machinery under them) is made on the
            // page's first request, not at start: most instances never serve it.
            var page = new Lazy<RequestDelegate>(() => SwaggerUi(docs.New(), options));
            docs.Run(http => page.Value(http));
        });
    }

    // Not inlined: compiling a method that names Swashbuckle is what loads it.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static RequestDelegate SwaggerUi(IApplicationBuilder page, BunbaseOptions options)
    {
        page.UseSwaggerUI(ui =>
        {
            ui.RoutePrefix = "";
            ui.DocumentTitle = $"{options.OpenApi.Title ?? options.Name} — API docs";
            ui.SwaggerEndpoint(options.OpenApi.Path, options.OpenApi.Title ?? options.Name);
        });
        return page.Build();
    }

    private static Task ServeAsync(HttpContext http, OpenApiDocumentJson document)
    {
        var response = http.Response;
        response.Headers.ETag = document.ETag;
        response.Headers.CacheControl = "no-cache";
        if (Matches(http.Request.Headers.IfNoneMatch, document.ETag))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return Task.CompletedTask;
        }

        response.ContentType = "application/json; charset=utf-8";
        response.ContentLength = document.Utf8.Length;
        return HttpMethods.IsHead(http.Request.Method) ? Task.CompletedTask : response.Body.WriteAsync(document.Utf8, http.RequestAborted).AsTask();
    }

    /// <summary>If-None-Match: <c>*</c> or any listed tag, compared weakly (RFC 9110 13.1.2), so <c>W/"…"</c> matches too.</summary>
    private static bool Matches(StringValues ifNoneMatch, string etag)
    {
        if (StringValues.IsNullOrEmpty(ifNoneMatch) || !EntityTagHeaderValue.TryParseList(ifNoneMatch, out var tags))
            return false;
        var current = new EntityTagHeaderValue(etag);
        return tags.Any(tag => tag.Equals(EntityTagHeaderValue.Any) || tag.Compare(current, useStrongComparison: false));
    }
}
