using Bunbase.Runtime.Discovery;
using Microsoft.OpenApi;

namespace Bunbase.Runtime.OpenApi;

/// <summary>
/// The request body of an action that takes files: <c>multipart/form-data</c> with the body schema
/// (files as <c>format: binary</c>), and, when the one file may be the whole body, the raw body too.
/// </summary>
internal static class UploadBodies
{
    public static Dictionary<string, IOpenApiMediaType>? Content(InputModel input, IOpenApiSchema bodySchema)
    {
        var files = input.BodyMembers.Where(m => m.Type == typeof(FileUpload)).ToList();
        if (files.Count == 0)
            return null;
        var content = new Dictionary<string, IOpenApiMediaType>(StringComparer.Ordinal)
        {
            ["multipart/form-data"] = new OpenApiMediaType { Schema = bodySchema },
        };
        if (files.Count == 1 && input.BodyMembers.All(m => m.Type == typeof(FileUpload) || !m.IsRequired))
        {
            var types = MemberRules.Attribute<UploadAttribute>(files[0].Property, files[0].Parameter)?.ContentTypes is { Length: > 0 } declared
                ? declared
                : ["application/octet-stream"];
            foreach (var type in types)
                content[type] = new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" } };
        }

        return content;
    }
}
