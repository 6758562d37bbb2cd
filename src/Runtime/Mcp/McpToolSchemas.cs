using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bunbase.Runtime.Discovery;
using Bunbase.Runtime.OpenApi;
using Bunbase.Runtime.Foundation;
using Microsoft.OpenApi;

namespace Bunbase.Runtime.Mcp;

/// <summary>
/// The input schema of each tool: the JSON Schema the OpenAPI document gives the action's input type
/// (the same <see cref="SchemaGenerator"/>, so the two never disagree), made self-contained: the
/// components it refers to move under <c>$defs</c>.
/// </summary>
internal static class McpToolSchemas
{
    private const string ComponentPrefix = "#/components/schemas/";

    /// <summary>The schema of every tool's arguments, by action name.</summary>
    public static Dictionary<string, JsonElement> Build(IEnumerable<ActionDescriptor> tools)
    {
        var document = new OpenApiDocument { Components = new OpenApiComponents(), Paths = [] };
        var generator = new SchemaGenerator(document);
        var roots = new List<(ActionDescriptor Action, string Component)>();
        foreach (var action in tools)
        {
            var reference = JsonNode.Parse(Serialize(generator.For(action.InputType).SerializeAsV31))!;
            if (reference["$ref"]?.GetValue<string>() is not { } target || !target.StartsWith(ComponentPrefix, StringComparison.Ordinal))
                throw new StartupException($"Tool '{action.Name}' ({action.Location}): its input {action.InputType.Name} must be an object (a record with members)");
            roots.Add((action, target[ComponentPrefix.Length..]));
        }

        var components = JsonNode.Parse(Serialize(document.SerializeAsV31))!["components"]?["schemas"]?.AsObject() ?? [];
        var schemas = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var (action, component) in roots)
        {
            var root = components[component]!.DeepClone().AsObject();
            var definitions = new JsonObject();
            var pending = new Queue<JsonNode>([root]);
            while (pending.TryDequeue(out var node))
            {
                foreach (var name in Rewrite(node))
                {
                    if (definitions.ContainsKey(name))
                        continue;
                    var definition = components[name]!.DeepClone();
                    definitions[name] = definition;
                    pending.Enqueue(definition);
                }
            }

            if (definitions.Count > 0)
                root["$defs"] = definitions;
            schemas[action.Name] = JsonSerializer.SerializeToElement(root);
        }

        return schemas;
    }

    /// <summary>Points the node's component references at <c>$defs</c>; returns the components named.</summary>
    private static List<string> Rewrite(JsonNode node)
    {
        var named = new List<string>();
        var pending = new Stack<JsonNode>([node]);
        while (pending.TryPop(out var current))
        {
            if (current is JsonObject obj)
            {
                if (obj["$ref"] is JsonValue value && value.GetValue<string>() is var target && target.StartsWith(ComponentPrefix, StringComparison.Ordinal))
                {
                    var name = target[ComponentPrefix.Length..];
                    obj["$ref"] = "#/$defs/" + name.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);
                    named.Add(name);
                }

                foreach (var (key, child) in obj)
                {
                    if (key != "$defs" && child is not null)
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

        return named;
    }

    private static string Serialize(Action<IOpenApiWriter> write)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        write(new OpenApiJsonWriter(text, new OpenApiJsonWriterSettings { Terse = true }));
        return text.ToString();
    }
}
