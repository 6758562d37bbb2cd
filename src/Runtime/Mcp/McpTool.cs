using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Bunbase.Runtime.Discovery;
using Bunbase.Runtime.Http;
using Bunbase.Runtime.Json;
using Bunbase.Runtime.Pipeline;
using Microsoft.AspNetCore.Http;
using ModelContextProtocol.Protocol;

namespace Bunbase.Runtime.Mcp;

/// <summary>
/// The MCP transport of one action: a tool call becomes an <see cref="McpInvocation"/> run by
/// <see cref="InvocationPipeline"/>; its arguments are bound as a JSON body is (the same errors, by
/// field), the output answers as structured content plus its JSON as text, and a failure as a tool
/// error carrying the problem (see <see cref="McpToolResults"/>).
/// </summary>
internal sealed class McpTool<TInput, TOutput> : IMcpTool, IInvocationTransport<McpInvocation, TInput, TOutput>
    where TInput : notnull
{
    private readonly ActionDescriptor _action;
    private readonly InputModel _model;
    private readonly JsonContracts _arguments;
    private readonly JsonTypeInfo<TInput> _inputInfo;
    private readonly JsonTypeInfo<TOutput> _outputInfo;
    private readonly bool _refuseUnknownFields;
    private readonly McpToolResults _results;
    private readonly InvocationPipeline _pipeline;
    private readonly ActionContextServices _context;

    public McpTool(Tool protocol, ActionDescriptor action, InputModel model, JsonContracts arguments, JsonContracts json, bool refuseUnknownFields, McpToolResults results, InvocationPipeline pipeline, ActionContextServices context)
    {
        Protocol = protocol;
        _action = action;
        _model = model;
        _arguments = arguments;
        _refuseUnknownFields = refuseUnknownFields;
        _inputInfo = arguments.TypeInfo<TInput>(refuseUnknownFields);
        _outputInfo = json.TypeInfo<TOutput>();
        _results = results;
        _pipeline = pipeline;
        _context = context;
    }

    public Tool Protocol { get; }

    public async Task<CallToolResult> CallAsync(HttpContext http, IDictionary<string, JsonElement>? arguments, CancellationToken cancellationToken)
    {
        var invocation = new McpInvocation(http, _action, arguments, _context, cancellationToken);
        await _pipeline.RunAsync(invocation, this).ConfigureAwait(false);
        return invocation.Result!;
    }

    public ValueTask<TInput> BindAsync(McpInvocation invocation)
    {
        // The arguments arrive as a dictionary, where a key given twice is already last-wins: the guard saw it in the message.
        if (invocation.DuplicateArgument is { } duplicate)
            throw RequestBindingException.Field(duplicate, JsonBodyErrors.DuplicateKey);
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (name, value) in invocation.Arguments ?? new Dictionary<string, JsonElement>())
            {
                writer.WritePropertyName(name);
                value.WriteTo(writer);
            }

            writer.WriteEndObject();
        }

        var json = buffer.WrittenSpan;
        TInput? input;
        try
        {
            input = JsonSerializer.Deserialize(json, _inputInfo);
        }
        catch (JsonException ex)
        {
            throw JsonBodyErrors.Explain(json, ex, _model, _arguments, _refuseUnknownFields);
        }
        catch (InvalidOperationException) when (JsonBodyErrors.InvalidText(json, _arguments) is { } unpaired)
        {
            throw unpaired;
        }

        if (NulCharacters.InJson(json) is { } nul)
            throw RequestBindingException.Fields(nul);
        return new(input!);
    }

    public Task WriteAsync(McpInvocation invocation, TOutput output)
    {
        invocation.Result = _results.Success(JsonSerializer.SerializeToElement(output, _outputInfo));
        return Task.CompletedTask;
    }

    public ValueTask<bool> WriteErrorAsync(McpInvocation invocation, Exception exception, ErrorClassification classification)
    {
        invocation.Result = _results.Error(_action, invocation.TraceId, exception, classification);
        return new(true);
    }
}
