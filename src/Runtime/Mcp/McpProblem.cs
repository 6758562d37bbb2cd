using System.Text.Json.Serialization;

namespace Bunbase.Runtime.Mcp;

/// <summary>The structured content of a refused or failed tool call: the problem an HTTP caller would get.</summary>
internal sealed record McpProblem(
    string Code,
    int Status,
    string Detail,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, string[]>? Errors,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? RetryAfter,
    string TraceId);
