using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bunbase.Runtime.Discovery;
using Bunbase.Runtime.OpenApi;
using Microsoft.OpenApi;

namespace Bunbase.Runtime.Studio;

/// <summary>
/// The input and output JSON Schemas of every action, from the same <see cref="SchemaGenerator"/> as the
/// OpenAPI document (so they never disagree), each with the components it refers to; built once, on first use.
/// </summary>
internal sealed class ActionSchemas(ActionCatalog catalog)
{
    private const string ComponentPrefix = "#/components/schemas/";

    private readonly Lazy<Dictionary<string, (string Input, string Output)>> _schemas = new(() => Build(catalog));

    public (string Input, string Output) For(string action) => _schemas.Value.TryGetValue(action, out var schemas) ? schemas : ("{}", "{}");

    private static Dictionary<string, (string Input, string Output)> Build(ActionCatalog catalog)
    {
        var document = new OpenApiDocument { Components = new OpenApiComponents(), Paths = [] };
        var generator = new SchemaGenerator(document);
        var roots = catalog.Actions.Select(a => (a.Name, Input: Serialize(generator.For(a.InputType).SerializeAsV31), Output: Serialize(generator.For(a.OutputType).SerializeAsV31))).ToList();
        var components = JsonNode.Parse(Serialize(document.SerializeAsV31))!["components"]?["schemas"]?.AsObject() ?? [];
        return roots.ToDictionary(r => r.Name, r => (WithComponents(r.Input, components), WithComponents(r.Output, components)), StringComparer.Ordinal);
    }

    /// <summary>The schema, and under <c>components</c> every component it reaches (the references left as the document has them).</summary>
    private static string WithComponents(string schema, JsonObject components)
    {
        var root = JsonNode.Parse(schema)!;
        var reached = new JsonObject();
        var pending = new Queue<JsonNode>([root]);
        while (pending.TryDequeue(out var node))
        {
            foreach (var name in References(node))
            {
                if (reached.ContainsKey(name) || components[name] is not { } component)
                    continue;
                var copy = component.DeepClone();
                reached[name] = copy;
                pending.Enqueue(copy);
            }
        }

        var result = new JsonObject { ["schema"] = root };
        if (reached.Count > 0)
            result["components"] = reached;
        return result.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    private static IEnumerable<string> References(JsonNode node)
    {
        var pending = new Stack<JsonNode>([node]);
        while (pending.TryPop(out var current))
        {
            if (current is JsonObject obj)
            {
                if (obj["$ref"] is JsonValue value && value.GetValue<string>() is var target && target.StartsWith(ComponentPrefix, StringComparison.Ordinal))
                    yield return target[ComponentPrefix.Length..];
                foreach (var (_, child) in obj)
                {
                    if (child is not null)
                        pending.Push(child);
                }
            }
            else if (current is JsonArray array)
            {
                foreach (var child in array)
                {
                    if (child is not null)
                        pending.Push(child);
                }
            }
        }
    }

    private static string Serialize(Action<IOpenApiWriter> write)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        write(new OpenApiJsonWriter(text, new OpenApiJsonWriterSettings { Terse = true }));
        return text.ToString();
    }
}
