using System.Text.Json;
using Bunbase.Runtime.Foundation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Net.Http.Headers;

namespace Bunbase.Runtime.Mcp;

/// <summary>
/// Wraps the MCP library's endpoint so a client's malformed message is a JSON-RPC error, never a 500: the library
/// fails with an exception on a missing content type, on text that is not Unicode (an escaped surrogate without its
/// pair) and on parameters of the wrong shape. A POST is read whole (the request body limit holds it) and checked
/// first: JSON, Unicode, and for <c>tools/call</c> a name and an arguments object; what the library still cannot read
/// is answered as invalid parameters. A call of a tool the server does not have is answered here too: in the library
/// it is an exception, logged as an error with its stack trace, which any client could repeat.
/// </summary>
internal static class McpRequestGuard
{
    private const int ParseError = -32700;
    private const int InvalidRequest = -32600;
    private const int InvalidParams = -32602;

    public static void Wrap(EndpointBuilder endpoint)
    {
        var next = endpoint.RequestDelegate ?? throw new InvalidOperationException("The MCP endpoint has no request delegate.");
        endpoint.RequestDelegate = http => GuardAsync(http, next);
    }

    private static async Task GuardAsync(HttpContext http, RequestDelegate next)
    {
        JsonElement? id = null;
        if (HttpMethods.IsPost(http.Request.Method))
        {
            if (!IsJson(http.Request.ContentType))
            {
                await WriteAsync(http, StatusCodes.Status415UnsupportedMediaType, null, InvalidRequest, "Send the JSON-RPC message as application/json.").ConfigureAwait(false);
                return;
            }

            http.Request.EnableBuffering();
            using var body = new MemoryStream();
            await http.Request.Body.CopyToAsync(body, http.RequestAborted).ConfigureAwait(false);
            http.Request.Body.Position = 0;
            var tools = http.RequestServices.GetRequiredService<McpTools>();
            var (refusal, messageId) = Check(body.GetBuffer().AsMemory(0, (int)body.Length), tools.Has);
            id = messageId;
            if (refusal is { } problem)
            {
                await WriteAsync(http, problem.Status, id, problem.Code, problem.Message).ConfigureAwait(false);
                return;
            }
        }

        try
        {
            await next(http).ConfigureAwait(false);
        }
        catch (JsonException ex) when (!http.Response.HasStarted && !http.RequestAborted.IsCancellationRequested)
        {
            await WriteAsync(http, StatusCodes.Status400BadRequest, id, InvalidParams, $"The message's parameters do not have the shape of its method's ({ex.Path ?? "$"}).").ConfigureAwait(false);
        }
    }

    /// <summary>Why the message cannot be handed to the library, and its id when it has one.</summary>
    private static ((int Status, int Code, string Message)? Refusal, JsonElement? Id) Check(ReadOnlyMemory<byte> body, Func<string, bool> isTool)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException ex)
        {
            return ((StatusCodes.Status400BadRequest, ParseError, $"The body is not JSON (line {(ex.LineNumber ?? 0) + 1}, byte {(ex.BytePositionInLine ?? 0) + 1})."), null);
        }

        using (document)
        {
            if (JsonText.FindInvalidText(body.Span) is { } offset)
                return ((StatusCodes.Status400BadRequest, ParseError, JsonText.Explain("The body", offset)), null);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                return (null, null); // a batch or anything else: the library answers it
            JsonElement? id = root.TryGetProperty("id", out var value) && value.ValueKind is JsonValueKind.String or JsonValueKind.Number ? value.Clone() : null;
            if (!root.TryGetProperty("method", out var method) || method.ValueKind != JsonValueKind.String || method.GetString() != "tools/call")
                return (null, id);
            if (!root.TryGetProperty("params", out var parameters) || parameters.ValueKind != JsonValueKind.Object)
                return ((StatusCodes.Status400BadRequest, InvalidParams, "tools/call takes params: an object with the tool's name and its arguments."), id);
            if (!parameters.TryGetProperty("name", out var name) || name.ValueKind != JsonValueKind.String)
                return ((StatusCodes.Status400BadRequest, InvalidParams, "tools/call names its tool: params.name, a string (tools/list gives the names)."), id);
            if (parameters.TryGetProperty("arguments", out var arguments) && arguments.ValueKind is not (JsonValueKind.Object or JsonValueKind.Null))
                return ((StatusCodes.Status400BadRequest, InvalidParams, "A tool's arguments are an object of its input's fields."), id);
            // A well-formed call of a tool that is not there: a JSON-RPC error in a 200, as the library answers it.
            if (!isTool(name.GetString()!))
                return ((StatusCodes.Status200OK, InvalidParams, $"Unknown tool: '{name.GetString()}'. tools/list names the tools this server has."), id);
            return (null, id);
        }
    }

    private static bool IsJson(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var parsed) && parsed.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase);

    private static async Task WriteAsync(HttpContext http, int status, JsonElement? id, int code, string message)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json";
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("jsonrpc", "2.0");
            writer.WritePropertyName("id");
            if (id is { } value)
                value.WriteTo(writer);
            else
                writer.WriteNullValue();
            writer.WriteStartObject("error");
            writer.WriteNumber("code", code);
            writer.WriteString("message", message);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        await http.Response.Body.WriteAsync(buffer.WrittenMemory, http.RequestAborted).ConfigureAwait(false);
    }
}
