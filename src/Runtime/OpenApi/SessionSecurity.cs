using System.Reflection;
using Bunbase.Runtime.Auth;
using Bunbase.Runtime.Configuration;
using Bunbase.Runtime.Discovery;
using Microsoft.OpenApi;

namespace Bunbase.Runtime.OpenApi;

/// <summary>
/// Sessions in the document: the cookie and bearer security schemes, the <c>security</c> of every
/// operation (<c>[]</c> when anonymous), the 401/403/503 its guards, sign-in or sign-out can answer,
/// the session cookie its success response sets, and the header that carries a renewed bearer token.
/// </summary>
internal static class SessionSecurity
{
    public const string CookieScheme = "sessionCookie";
    public const string BearerScheme = "sessionBearer";

    public static void Register(OpenApiDocument document, IEnumerable<ActionDescriptor> actions, BunbaseOptions options)
    {
        if (!actions.Any(a => a.Guards.RequiresSession))
            return;
        document.Components!.SecuritySchemes = new Dictionary<string, IOpenApiSecurityScheme>(StringComparer.Ordinal)
        {
            [BearerScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "JWT",
                Description = $"The token a sign-in returns. Past half its lifetime a response carries its replacement in `{Authenticator.RenewalHeader}`.",
            },
        };
        if (options.Auth.Cookie.Enabled)
        {
            document.Components.SecuritySchemes[CookieScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Cookie,
                Name = options.Auth.Cookie.Name,
                Description = "The session cookie a sign-in sets (HttpOnly). Requests that change state need an `Origin` header naming this application.",
            };
        }
    }

    /// <summary>
    /// Either scheme will do where a session is needed; a sign-out takes one if there is one (an empty
    /// requirement first: optional); every other operation states <c>security: []</c>, anonymous.
    /// </summary>
    public static void Apply(OpenApiOperation operation, ActionDescriptor action, OpenApiDocument document, BunbaseOptions options)
    {
        var optional = !action.Guards.RequiresSession && SignsOut(action) && document.Components?.SecuritySchemes?.Count > 0;
        operation.Security = [];
        if (!action.Guards.RequiresSession && !optional)
            return;
        if (optional)
            operation.Security.Add(new OpenApiSecurityRequirement());
        if (options.Auth.Cookie.Enabled)
            operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(CookieScheme, document)] = [] });
        operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, document)] = [] });
    }

    /// <summary>
    /// The session cookie on a success response: set by a sign-in, deleted by a sign-out, renewed on
    /// operations that take a session (past half its lifetime).
    /// </summary>
    public static void DescribeCookie(OpenApiResponse response, ActionDescriptor action, BunbaseOptions options)
    {
        if (!options.Auth.Cookie.Enabled)
            return;
        var name = options.Auth.Cookie.Name;
        string? description = null;
        if (action.HandlerType.GetCustomAttribute<SignsInAttribute>() is not null)
            description = $"Sets the session cookie `{name}` (HttpOnly; Max-Age the session's lifetime).";
        else if (SignsOut(action))
            description = $"Deletes the session cookie `{name}` when the request carried it.";
        else if (action.Guards.RequiresSession)
            description = $"Renews the session cookie `{name}` when the session is past half its lifetime.";
        if (description is null)
            return;
        response.Headers ??= new Dictionary<string, IOpenApiHeader>(StringComparer.Ordinal);
        if (response.Headers.TryGetValue("Set-Cookie", out var mapped) && mapped is OpenApiHeader existing)
            description = existing.Description + " " + description;
        response.Headers["Set-Cookie"] = new OpenApiHeader { Description = description, Schema = new OpenApiSchema { Type = JsonSchemaType.String } };
    }

    private static bool SignsOut(ActionDescriptor action) => action.HandlerType.GetCustomAttribute<SignsOutAttribute>() is not null;

    /// <summary>The renewed bearer token, on the success response of an operation that takes a session.</summary>
    public static void DescribeRenewal(OpenApiResponse response, ActionDescriptor action)
    {
        if (!action.Guards.RequiresSession)
            return;
        response.Headers ??= new Dictionary<string, IOpenApiHeader>(StringComparer.Ordinal);
        response.Headers[Authenticator.RenewalHeader] = new OpenApiHeader
        {
            Description = "A renewed session token, sent when a bearer token past half its lifetime was used (cookies are renewed with Set-Cookie).",
            Schema = new OpenApiSchema { Type = JsonSchemaType.String },
        };
    }

    /// <summary>What the guards can answer: 401 without a usable session, 403 from roles, permissions, custom guards or the cookie's Origin check, 503 when revocations cannot be read (policy Closed, Redis).</summary>
    public static IEnumerable<int> ErrorStatuses(ActionDescriptor action, BunbaseOptions options)
    {
        var guards = action.Guards;
        if (guards.RequiresSession)
            yield return 401;
        var changesState = action.Http?.Method is not ("GET" or null);
        if (guards.CanForbid || (guards.RequiresSession && changesState && options.Auth.Cookie.Enabled))
            yield return 403;
        if (guards.RequiresSession && options.Auth.OnStoreFailure == SessionStoreFailurePolicy.Closed && options.Redis.Url is not null)
            yield return 503;

        // ctx.Auth.VerifyCredentials: a wrong password, throttling, and (policy Closed) a store it cannot read.
        if (action.HandlerType.GetCustomAttribute<SignsInAttribute>() is { VerifiesCredentials: true })
        {
            yield return 401;
            yield return 429;
            if (options.Auth.OnStoreFailure == SessionStoreFailurePolicy.Closed)
                yield return 503;
        }

        // A sign-out that cannot be written answers 503 under either policy.
        if (SignsOut(action))
            yield return 503;
    }
}
