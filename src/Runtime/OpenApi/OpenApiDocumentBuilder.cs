using System.Globalization;
using System.Reflection;
using Bunbase.Runtime.Configuration;
using Bunbase.Runtime.Discovery;
using Microsoft.OpenApi;

namespace Bunbase.Runtime.OpenApi;

/// <summary>
/// Builds the OpenAPI 3.1 document from the action catalog, once at start: one operation per
/// HTTP-triggered action, with exactly the parameters, body, success response and problem
/// responses that the Http layer binds and writes.
/// </summary>
internal static class OpenApiDocumentBuilder
{
    // What the runtime itself can answer, besides what actions declare with [ErrorResponses].
    private const int InvalidInput = 400;
    private const int TooLarge = 413;
    private const int NotJson = 415;
    private const int TooManyRequests = 429;
    private const int ServerError = 500;
    private const int StoreUnavailable = 503;

    private static readonly System.Text.Json.JsonSerializerOptions DefaultValueJson = new(System.Text.Json.JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    // Remaining and Reset are absent when the request was served without the shared store (rateLimit.onStoreFailure: Open).
    private static readonly (string Name, string Description, bool Required)[] RateLimitHeaders =
    [
        ("RateLimit-Limit", "Requests allowed per period.", true),
        ("RateLimit-Remaining", "Requests left now; absent when the limiter's store could not be reached.", false),
        ("RateLimit-Reset", "Seconds until the allowance is full again; absent when the limiter's store could not be reached.", false),
    ];

    public static OpenApiDocument Build(ActionCatalog catalog, BunbaseOptions options)
    {
        // The app's assembly holds its licence and tag descriptions: not the runtime's, whose modules' actions
        // (accounts) may come first in the catalog.
        var assembly = catalog.Actions.Select(a => a.HandlerType.Assembly).FirstOrDefault(a => a != typeof(OpenApiDocumentBuilder).Assembly);
        var document = new OpenApiDocument
        {
            Info = new OpenApiInfo
            {
                Title = options.OpenApi.Title ?? options.Name,
                Version = options.OpenApi.Version,
                Description = options.OpenApi.Description,
                License = assembly?.GetCustomAttribute<ApiLicenseAttribute>() is { } license
                    ? new OpenApiLicense
                    {
                        Name = license.Name,
                        Identifier = license.Identifier,
                        Url = license.Identifier is null && license.Url is not null ? new Uri(license.Url, UriKind.RelativeOrAbsolute) : null,
                    }
                    : null,
            },
            Servers = options.OpenApi.Servers.Length == 0
                ? [new OpenApiServer { Url = "/", Description = "The server that serves this document." }]
                : [.. options.OpenApi.Servers.Select(url => new OpenApiServer { Url = url })],
            Paths = [],
            Components = new OpenApiComponents(),
        };
        var schemas = new SchemaGenerator(document);
        var actions = catalog.Actions.Where(a => a.Http is not null).OrderBy(a => a.Http!.Route.RouterPattern, StringComparer.Ordinal).ThenBy(a => a.Http!.Method, StringComparer.Ordinal).ToList();

        var problemStatuses = actions.SelectMany(a => ErrorStatuses(a, options)).ToList();
        ProblemComponents.Register(document, problemStatuses);
        SessionSecurity.Register(document, actions, options);

        var tags = new SortedSet<string>(actions.SelectMany(a => a.Tags), StringComparer.Ordinal);
        var descriptions = (assembly?.GetCustomAttributes<ApiTagAttribute>() ?? []).ToDictionary(t => t.Name, t => t.Description, StringComparer.Ordinal);
        foreach (var module in catalog.Modules.Where(m => m.Description is not null))
            descriptions[module.Tag] = module.Description!;
        document.Tags = new HashSet<OpenApiTag>(tags.Select(t => new OpenApiTag { Name = t, Description = descriptions.GetValueOrDefault(t) }));

        foreach (var action in actions)
        {
            var http = action.Http!;
            var path = OpenApiPath(http.Route);
            if (!document.Paths.TryGetValue(path, out var item))
                document.Paths[path] = item = new OpenApiPathItem();
            ((OpenApiPathItem)item).AddOperation(new HttpMethod(http.Method), Operation(document, schemas, action, options));
        }

        return document;
    }

    private static OpenApiOperation Operation(OpenApiDocument document, SchemaGenerator schemas, ActionDescriptor action, BunbaseOptions options)
    {
        var http = action.Http!;
        var declared = action.HandlerType.GetCustomAttribute<ActionAttribute>();
        var operation = new OpenApiOperation
        {
            OperationId = action.Name,
            Summary = declared?.Summary ?? action.Description,
            Description = action.Description,
            Tags = action.Tags.IsEmpty ? null : new HashSet<OpenApiTagReference>(action.Tags.Select(t => new OpenApiTagReference(t, document))),
            Parameters = [],
            Responses = [],
        };

        foreach (var member in action.Input.OutsideBody)
            operation.Parameters.Add(Parameter(schemas, member));
        if (operation.Parameters.Count == 0)
            operation.Parameters = null;

        if (action.Input.HasBody)
        {
            var bodySchema = action.Input.OutsideBody.IsEmpty
                ? schemas.For(action.InputType)
                : schemas.ForMembers(action.InputType, $"{action.Name}.body", action.Input.BodyMembers.Select(m => m.Property).ToList());
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Content = UploadBodies.Content(action.Input, bodySchema)
                    ?? new Dictionary<string, IOpenApiMediaType>(StringComparer.Ordinal)
                    {
                        ["application/json"] = new OpenApiMediaType { Schema = bodySchema },
                    },
            };
        }

        SessionSecurity.Apply(operation, action, document, options);
        operation.Responses[http.SuccessStatus.ToString(CultureInfo.InvariantCulture)] = Success(schemas, action, options);
        foreach (var status in ErrorStatuses(action, options).Distinct().Order())
            operation.Responses[status.ToString(CultureInfo.InvariantCulture)] = new OpenApiResponseReference(ProblemComponents.ResponseName(status), document);
        return operation;
    }

    private static OpenApiResponse Success(SchemaGenerator schemas, ActionDescriptor action, BunbaseOptions options)
    {
        var http = action.Http!;
        var response = new OpenApiResponse { Description = Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(http.SuccessStatus) };
        if (http.HasResponseBody)
        {
            response.Content = new Dictionary<string, IOpenApiMediaType>(StringComparer.Ordinal)
            {
                [action.OutputType == typeof(FileDownload) ? "*/*" : "application/json"] = new OpenApiMediaType
                {
                    Schema = action.OutputType == typeof(FileDownload) ? new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" } : schemas.For(action.OutputType),
                },
            };
        }

        if (action.RateLimit is not null)
        {
            response.Headers = new Dictionary<string, IOpenApiHeader>(StringComparer.Ordinal);
            foreach (var (name, description, required) in RateLimitHeaders)
            {
                response.Headers[name] = new OpenApiHeader
                {
                    Description = description,
                    Required = required,
                    Schema = new OpenApiSchema { Type = JsonSchemaType.Integer, Minimum = "0" },
                };
            }
        }

        SessionSecurity.DescribeRenewal(response, action);
        if (action.Output.MapsResponseMetadata)
        {
            response.Headers ??= new Dictionary<string, IOpenApiHeader>(StringComparer.Ordinal);
            foreach (var header in action.Output.Headers)
            {
                response.Headers[header.Name] = new OpenApiHeader
                {
                    Required = !MemberRules.IsNullable(header.Property),
                    Schema = schemas.ForMember(header.Property, null, Nullable.GetUnderlyingType(header.Property.PropertyType) ?? header.Property.PropertyType),
                };
            }

            if (!action.Output.Cookies.IsEmpty)
            {
                response.Headers["Set-Cookie"] = new OpenApiHeader
                {
                    Description = "Sets (or, when the value is null, deletes) the cookies: " + string.Join(", ", action.Output.Cookies.Select(c => c.Cookie.Name)),
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String },
                };
            }
        }

        SessionSecurity.DescribeCookie(response, action, options);
        return response;
    }

    private static OpenApiParameter Parameter(SchemaGenerator schemas, InputMember member)
    {
        var location = member.Source switch
        {
            BindingSource.Path => ParameterLocation.Path,
            BindingSource.Query => ParameterLocation.Query,
            BindingSource.Header => ParameterLocation.Header,
            _ => ParameterLocation.Cookie,
        };
        var type = member.ElementType is { } element ? member.Type : Nullable.GetUnderlyingType(member.Type) ?? member.Type;
        var parameter = new OpenApiParameter
        {
            Name = member.RequestName,
            In = location,
            Required = location == ParameterLocation.Path || member.IsRequired,
            Schema = schemas.ForMember(member.Property, member.Parameter, type),
        };
        if (member.ElementType is not null)
        {
            parameter.Style = ParameterStyle.Form;
            parameter.Explode = true;
        }

        if (!member.IsRequired && member.DefaultValue is { } defaultValue && parameter.Schema is OpenApiSchema schema && member.ElementType is null)
            schema.Default = System.Text.Json.JsonSerializer.SerializeToNode(defaultValue, defaultValue.GetType(), DefaultValueJson);
        return parameter;
    }

    /// <summary>The problem statuses an action can produce.</summary>
    private static IEnumerable<int> ErrorStatuses(ActionDescriptor action, BunbaseOptions options)
    {
        if (!action.Input.Members.IsEmpty)
            yield return InvalidInput;
        if (action.Input.HasBody)
        {
            yield return TooLarge;
            yield return NotJson;
        }

        if (action.RateLimit is not null)
        {
            yield return TooManyRequests;
            if (options.RateLimit.OnStoreFailure == RateLimitFailurePolicy.Closed)
                yield return StoreUnavailable;
        }

        foreach (var guarded in SessionSecurity.ErrorStatuses(action, options))
            yield return guarded;
        foreach (var declared in action.HandlerType.GetCustomAttributes<ErrorResponsesAttribute>().SelectMany(a => a.Statuses))
            yield return declared;
        yield return ServerError;
    }

    /// <summary><c>/tasks/{id}</c>: OpenAPI path templates carry no constraints, optional or catch-all marks.</summary>
    private static string OpenApiPath(RouteTemplate route) =>
        route.RouterPattern.Replace("{*", "{", StringComparison.Ordinal).Replace("?}", "}", StringComparison.Ordinal);
}
