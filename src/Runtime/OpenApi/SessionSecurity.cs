using Bunbase.Runtime.Auth;
using Bunbase.Runtime.Configuration;
using Bunbase.Runtime.Discovery;
using Microsoft.OpenApi;

namespace Bunbase.Runtime.OpenApi;

/// <summary>
/// Sessions in the document: the cookie and bearer security schemes, the <c>security</c> of every
/// operation whose guards need a session, the 401/403/503 its guards can answer, and the header
/// that carries a renewed bearer token.
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

    /// <summary>Either scheme will do.</summary>
    public static void Apply(OpenApiOperation operation, ActionDescriptor action, OpenApiDocument document, BunbaseOptions options)
    {
        if (!action.Guards.RequiresSession)
            return;
        operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, document)] = [] }];
        if (options.Auth.Cookie.Enabled)
            operation.Security.Insert(0, new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(CookieScheme, document)] = [] });
    }

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
    }
}
