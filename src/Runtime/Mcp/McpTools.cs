using System.Reflection;
using Bunbase.Runtime.Configuration;
using Bunbase.Runtime.Discovery;
using Bunbase.Runtime.Http;
using Bunbase.Runtime.Json;
using Bunbase.Runtime.Pipeline;
using Microsoft.AspNetCore.Http;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace Bunbase.Runtime.Mcp;

/// <summary>
/// The tools of the catalog (actions marked <c>[Tool]</c>), built once at start: what tools/list
/// answers and what tools/call dispatches to, by name.
/// </summary>
internal sealed class McpTools
{
    private static readonly MethodInfo CreateMethod = typeof(McpTools).GetMethod(nameof(Create), BindingFlags.NonPublic | BindingFlags.Static)!;
    private readonly Dictionary<string, IMcpTool> _byName;
    private readonly ListToolsResult _list;

    public McpTools(ActionCatalog catalog, BunbaseOptions options, JsonContracts json, McpToolResults results, InvocationPipeline pipeline, ActionContextServices context)
    {
        var actions = catalog.Actions.Where(a => a.Tool is not null).OrderBy(a => a.Name, StringComparer.Ordinal).ToList();
        var schemas = McpToolSchemas.Build(actions);

        // Arguments are one JSON object holding every input member, path and query ones included.
        var arguments = new JsonContracts();
        _byName = new Dictionary<string, IMcpTool>(StringComparer.Ordinal);
        foreach (var action in actions)
        {
            var protocol = new Tool
            {
                Name = action.Name,
                Title = action.Tool!.Title,
                Description = action.Description,
                InputSchema = schemas[action.Name],
                Annotations = action.Tool.ReadOnly ? new ToolAnnotations { ReadOnlyHint = true } : null,
            };
            var refuse = ActionRoutes.UnknownFieldsOf(action, options) == UnknownJsonFields.Refuse;
            var tool = (IMcpTool)CreateMethod.MakeGenericMethod(action.InputType, action.OutputType)
                .Invoke(null, [protocol, action, ArgumentsModel(action), arguments, json, refuse, results, pipeline, context])!;
            _byName[action.Name] = tool;
        }

        _list = new ListToolsResult { Tools = [.. _byName.Values.Select(t => t.Protocol)] };
    }

    public bool IsEmpty => _byName.Count == 0;

    public bool Has(string name) => _byName.ContainsKey(name);

    public ListToolsResult List() => _list;

    /// <summary>Calls a tool; an unknown name is the caller's mistake (JSON-RPC invalid params).</summary>
    public Task<CallToolResult> CallAsync(HttpContext http, CallToolRequestParams? call, CancellationToken cancellationToken)
    {
        if (call?.Name is not { } name || !_byName.TryGetValue(name, out var tool))
            throw new McpProtocolException($"Unknown tool: '{call?.Name}'. tools/list names the tools this server has.", McpErrorCode.InvalidParams);
        return tool.CallAsync(http, call.Arguments, cancellationToken);
    }

    /// <summary>The input as one JSON object (every member from the arguments), for explaining argument errors by field.</summary>
    private static InputModel ArgumentsModel(ActionDescriptor action)
    {
        if (action.Input.OutsideBody.IsEmpty)
            return action.Input;
        var errors = new List<string>();
        var model = InputModel.Build(action.InputType, null, errors, action.Location);
        return errors.Count == 0 ? model : action.Input;
    }

    private static IMcpTool Create<TInput, TOutput>(Tool protocol, ActionDescriptor action, InputModel model, JsonContracts arguments, JsonContracts json, bool refuse, McpToolResults results, InvocationPipeline pipeline, ActionContextServices context)
        where TInput : notnull =>
        new McpTool<TInput, TOutput>(protocol, action, model, arguments, json, refuse, results, pipeline, context);
}
