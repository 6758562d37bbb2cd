using Microsoft.AspNetCore.WebUtilities;
using Microsoft.OpenApi;

namespace Bunbase.Runtime.OpenApi;

/// <summary>
/// The problem+json responses (RFC 9457) the runtime writes, as shared components: one
/// <c>Problem</c> schema and one response per status, referenced by the operations that can
/// produce them.
/// </summary>
internal static class ProblemComponents
{
    public const string ProblemSchema = "Problem";
    public const string ContentType = "application/problem+json";

    public static void Register(OpenApiDocument document, IEnumerable<int> statuses)
    {
        var text = new OpenApiSchema { Type = JsonSchemaType.String };
        document.AddComponent<IOpenApiSchema>(ProblemSchema, new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = "An RFC 9457 problem. `code` is stable and machine-readable; `errors` (field errors) is present on 400 validation failures.",
            Properties = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal)
            {
                ["type"] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "uri-reference" },
                ["title"] = text,
                ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32" },
                ["detail"] = new OpenApiSchema { Type = JsonSchemaType.String },
                ["instance"] = new OpenApiSchema { Type = JsonSchemaType.String },
                ["code"] = new OpenApiSchema { Type = JsonSchemaType.String },
                ["traceId"] = new OpenApiSchema { Type = JsonSchemaType.String },
                ["errors"] = new OpenApiSchema
                {
                    Type = JsonSchemaType.Object,
                    Description = "Messages per field, keyed by the name the client sent (`items[0].name`, a query key, `$` for the whole body).",
                    AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } },
                },
            },
            Required = new SortedSet<string>(["type", "title", "status", "code", "traceId"], StringComparer.Ordinal),
        });

        foreach (var status in statuses.Distinct().Order())
        {
            var response = new OpenApiResponse
            {
                Description = ReasonPhrases.GetReasonPhrase(status),
                Content = new Dictionary<string, IOpenApiMediaType>(StringComparer.Ordinal)
                {
                    [ContentType] = new OpenApiMediaType { Schema = new OpenApiSchemaReference(ProblemSchema, document) },
                },
            };
            if (status == 429)
            {
                response.Headers = new Dictionary<string, IOpenApiHeader>(StringComparer.Ordinal)
                {
                    ["Retry-After"] = new OpenApiHeader
                    {
                        Description = "Seconds to wait before trying again.",
                        Required = true,
                        Schema = new OpenApiSchema { Type = JsonSchemaType.Integer, Minimum = "1" },
                    },
                };
            }

            if (status == 401)
            {
                response.Headers = new Dictionary<string, IOpenApiHeader>(StringComparer.Ordinal)
                {
                    ["WWW-Authenticate"] = new OpenApiHeader
                    {
                        Description = "How to authenticate: `Bearer`, with `error=\"invalid_token\"` when the session sent was refused.",
                        Required = true,
                        Schema = new OpenApiSchema { Type = JsonSchemaType.String },
                    },
                };
            }

            document.AddComponent<IOpenApiResponse>(ResponseName(status), response);
        }
    }

    public static string ResponseName(int status) => "Problem" + status.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
