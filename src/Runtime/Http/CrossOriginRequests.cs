using System.Globalization;
using Bunbase.Runtime.Configuration;
using Bunbase.Runtime.Discovery;
using Bunbase.Runtime.Foundation;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace Bunbase.Runtime.Http;

/// <summary>
/// CORS for <c>cors.allowedOrigins</c>, in front of everything else so that every answer a page gets, errors and
/// refusals included, is readable by it. A preflight from a listed origin is answered here (204, whatever the path:
/// the real request gets the route's own answer); one from another origin gets 403 <c>cors_origin_not_allowed</c>,
/// which a browser's network panel shows where a bare refusal would say nothing. Other requests pass on, with the
/// CORS headers added when their origin is listed. Only registered while the list is not empty.
/// </summary>
internal sealed class CrossOriginRequests
{
    private const string Methods = "GET, HEAD, POST, PUT, PATCH, DELETE";

    private readonly RequestDelegate _next;
    private readonly ProblemResponses _problems;
    private readonly CrossOriginPolicy _policy;

    public CrossOriginRequests(RequestDelegate next, ProblemResponses problems, CrossOriginPolicy policy)
    {
        _next = next;
        _problems = problems;
        _policy = policy;
    }

    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        // The operators' surfaces stay same-origin: a listed page (or a script injected into one) is trusted with
        // its users' calls, not with the console or the operators' API.
        if (request.Path.StartsWithSegments("/_studio", StringComparison.OrdinalIgnoreCase) || request.Path.StartsWithSegments("/_admin", StringComparison.OrdinalIgnoreCase))
            return _next(context);
        var origin = request.Headers.Origin;
        if (origin.Count != 1 || string.IsNullOrEmpty(origin[0]))
        {
            if (!_policy.AnyOrigin)
                context.Response.Headers.Vary = "Origin";
            return _next(context);
        }

        var allowed = _policy.AnyOrigin || _policy.Origins.Contains(origin[0]!);
        if (HttpMethods.IsOptions(request.Method) && request.Headers.ContainsKey(HeaderNames.AccessControlRequestMethod))
            return allowed ? AnswerPreflight(context, origin[0]!) : RefusePreflight(context, origin[0]!);
        if (allowed)
        {
            // Added as the response starts, so an answer from anywhere after this (an error included) carries them.
            var value = origin[0]!;
            context.Response.OnStarting(() =>
            {
                AddHeaders(context.Response.Headers, value);
                return Task.CompletedTask;
            });
        }
        else if (!_policy.AnyOrigin)
            context.Response.Headers.Vary = "Origin";
        return _next(context);
    }

    private Task AnswerPreflight(HttpContext context, string origin)
    {
        var headers = context.Response.Headers;
        SetOrigin(headers, origin);
        headers.AccessControlAllowMethods = Methods;
        if (RequestedHeaders(context.Request.Headers.AccessControlRequestHeaders) is { } requested)
            headers.AccessControlAllowHeaders = requested;
        headers.AccessControlMaxAge = _policy.MaxAgeSeconds;
        headers.Vary = "Origin, Access-Control-Request-Method, Access-Control-Request-Headers";
        context.Response.StatusCode = StatusCodes.Status204NoContent;
        return Task.CompletedTask;
    }

    private Task RefusePreflight(HttpContext context, string origin)
    {
        context.Response.Headers.Vary = "Origin";
        var shown = origin.Length <= 200 && !origin.AsSpan().ContainsAnyInRange('\0', '\x1f') ? $"'{origin}'" : "this origin";
        return _problems.WriteAsync(context, StatusCodes.Status403Forbidden, "cors_origin_not_allowed",
            $"Pages from {shown} may not call this API: it is not in cors.allowedOrigins.");
    }

    private void AddHeaders(IHeaderDictionary headers, string origin)
    {
        SetOrigin(headers, origin);
        headers.AccessControlExposeHeaders = _policy.ExposedHeaders;
        if (!_policy.AnyOrigin)
            headers.Append(HeaderNames.Vary, "Origin");
    }

    private void SetOrigin(IHeaderDictionary headers, string origin)
    {
        headers.AccessControlAllowOrigin = _policy.AnyOrigin ? "*" : origin;
        if (_policy.AllowCredentials)
            headers.AccessControlAllowCredentials = "true";
    }

    /// <summary>The header names a preflight asks for, echoed when every one is a token (browsers send nothing else).</summary>
    private static string? RequestedHeaders(StringValues requested)
    {
        var text = requested.ToString();
        if (text.Length == 0)
            return null;
        foreach (var name in text.Split(','))
        {
            if (!HeaderValues.IsToken(name.Trim()))
                return null;
        }

        return text;
    }
}

/// <summary><c>cors.*</c>, checked at start.</summary>
internal sealed class CrossOriginPolicy
{
    /// <summary>What the runtime itself answers with that a page may need (the CORS-safelisted ones need no listing).</summary>
    private static readonly string[] RuntimeHeaders = ["Session-Token", "Retry-After", "RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset", "ETag", "Content-Disposition", "Location"];

    private CrossOriginPolicy(OriginList origins, bool anyOrigin, bool allowCredentials, string maxAgeSeconds, string exposedHeaders)
    {
        Origins = origins;
        AnyOrigin = anyOrigin;
        AllowCredentials = allowCredentials;
        MaxAgeSeconds = maxAgeSeconds;
        ExposedHeaders = exposedHeaders;
    }

    public OriginList Origins { get; }

    public bool AnyOrigin { get; }

    public bool AllowCredentials { get; }

    public string MaxAgeSeconds { get; }

    public string ExposedHeaders { get; }

    /// <summary>The policy, or null when <c>cors.allowedOrigins</c> is empty (no cross-origin access: nothing to do per request).</summary>
    public static CrossOriginPolicy? Create(CorsOptions options, ActionCatalog catalog)
    {
        if (options.AllowedOrigins.Length == 0)
            return null;
        var errors = new List<string>();
        var anyOrigin = options.AllowedOrigins.Contains("*");
        if (anyOrigin && options.AllowedOrigins.Length > 1)
            errors.Add("'cors.allowedOrigins' holds '*' with other origins: '*' alone admits every origin");
        if (anyOrigin && options.AllowCredentials)
            errors.Add("'cors.allowedOrigins' '*' admits every origin, which browsers allow only without cookies: set 'cors.allowCredentials' to false (pages then call with bearer tokens and credentials: \"omit\"), or list the origins");
        var invalid = new List<string>();
        var origins = OriginList.Parse(options.AllowedOrigins.Where(o => o != "*"), invalid);
        foreach (var entry in invalid)
            errors.Add($"'cors.allowedOrigins' holds '{entry}', which is not an origin such as https://app.example.com (scheme, host and port only) or https://*.example.com");
        foreach (var name in options.ExposedHeaders)
        {
            if (!HeaderValues.IsToken(name))
                errors.Add($"'cors.exposedHeaders' holds '{name}', which is not a header name");
        }

        if (errors.Count > 0)
            throw new StartupException("Invalid configuration: " + string.Join("; ", errors));

        var exposed = RuntimeHeaders
            .Concat(catalog.Actions.SelectMany(a => a.Output.Headers.Select(h => h.Name)))
            .Concat(options.ExposedHeaders)
            .Distinct(StringComparer.OrdinalIgnoreCase);
        return new CrossOriginPolicy(origins, anyOrigin, options.AllowCredentials,
            (options.MaxAgeMs / 1000).ToString(CultureInfo.InvariantCulture), string.Join(", ", exposed));
    }
}
