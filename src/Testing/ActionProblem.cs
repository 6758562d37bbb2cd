using System.Net;
using System.Text.Json;

namespace Bunbase.Testing;

/// <summary>An RFC 9457 problem response as the app sent it (<c>application/problem+json</c>).</summary>
/// <param name="Status">The HTTP status.</param>
/// <param name="Code">The machine-readable <c>code</c> (<c>validation_failed</c>, <c>role_required</c>, ...); null when the body had none.</param>
/// <param name="Title">The status's reason phrase.</param>
/// <param name="Detail">The human-readable explanation.</param>
/// <param name="Errors">Per-field messages of a validation problem; empty otherwise.</param>
/// <param name="Body">The whole body as received (also when it was not a problem document).</param>
public sealed record ActionProblem(
    HttpStatusCode Status,
    string? Code,
    string? Title,
    string? Detail,
    IReadOnlyDictionary<string, string[]> Errors,
    string Body)
{
    internal static ActionProblem Read(HttpStatusCode status, string body)
    {
        string? code = null, title = null, detail = null;
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object)
            {
                code = Text(root, "code");
                title = Text(root, "title");
                detail = Text(root, "detail");
                if (root.TryGetProperty("errors", out var fields) && fields.ValueKind == JsonValueKind.Object)
                {
                    foreach (var field in fields.EnumerateObject())
                    {
                        errors[field.Name] = field.Value.ValueKind == JsonValueKind.Array
                            ? [.. field.Value.EnumerateArray().Select(m => m.ToString())]
                            : [field.Value.ToString()];
                    }
                }
            }
        }
        catch (JsonException)
        {
            // Not JSON (a proxy's page, say): the body is kept as it came.
        }

        return new ActionProblem(status, code, title, detail, errors, body);
    }

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
