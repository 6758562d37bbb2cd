using System.Text;
using System.Text.Json;
using Bunbase.Runtime.Data;
using Bunbase.Runtime.Discovery;
using Bunbase.Runtime.Json;
using Bunbase.Runtime.Pipeline;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Protocol;

namespace Bunbase.Runtime.Mcp;

/// <summary>
/// Tool results: an output as structured content with its JSON as a text block; a failure as a tool
/// error (<c>isError</c>) whose structured content is the problem an HTTP caller would get (<c>code</c>,
/// <c>status</c>, <c>detail</c>, field <c>errors</c>, <c>retryAfter</c>, <c>traceId</c>), logged as
/// the HTTP transport logs it.
/// </summary>
internal sealed partial class McpToolResults(JsonContracts json, IHostEnvironment environment, DatabaseOutages outages, ILogger<McpToolResults> logger)
{
    private readonly bool _development = environment.IsDevelopment();

    public CallToolResult Success(JsonElement output) => new()
    {
        StructuredContent = output,
        Content = [new TextContentBlock { Text = output.GetRawText() }],
    };

    public CallToolResult Error(ActionDescriptor action, string traceId, Exception exception, ErrorClassification classification)
    {
        switch (classification.Logging)
        {
            case ErrorLogging.Outage:
                outages.Report(action.Name, exception);
                break;
            case ErrorLogging.InvalidOutput:
                LogInvalidOutput(logger, action.Name, exception.Message, traceId);
                break;
            case ErrorLogging.Unhandled:
                LogUnhandled(logger, action.Name, traceId, exception);
                break;
        }

        var detail = classification.DetailFor(exception, _development);
        var problem = new McpProblem(classification.Code, classification.Status, detail, classification.Errors, classification.RetryAfter, traceId);
        var text = new StringBuilder().Append(classification.Code).Append(": ").Append(detail);
        foreach (var (field, messages) in classification.Errors ?? new Dictionary<string, string[]>())
            text.Append('\n').Append(field).Append(": ").Append(string.Join(" ", messages));
        return new CallToolResult
        {
            IsError = true,
            StructuredContent = JsonSerializer.SerializeToElement(problem, json.Options),
            Content = [new TextContentBlock { Text = text.ToString() }],
        };
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Tool {Action} failed (trace {TraceId})")]
    private static partial void LogUnhandled(ILogger logger, string action, string traceId, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Server bug in tool {Action} (trace {TraceId}): {Problem}")]
    private static partial void LogInvalidOutput(ILogger logger, string action, string problem, string traceId);
}
