using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Bunbase.Runtime.Configuration;
using Bunbase.Runtime.Foundation;
using Bunbase.Runtime.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace Bunbase.Runtime.Mcp;

/// <summary>
/// Wraps the MCP library's endpoint so every refusal on it is a JSON-RPC error with a 4xx status, never a 500, a problem
/// body or a warning in the log. The library fails with an exception on a missing content type, on text that is not
/// Unicode (an escaped surrogate without its pair), and answers parameters of the wrong shape with an internal error
/// (-32603) whose stack trace it logs; routing would refuse other content types with a problem body. So a POST of any
/// type comes here (see <see cref="AcceptAnyContentType"/>), is read whole (the request body limit holds it) and
/// checked first: UTF-8 JSON, Unicode, no key given twice, and the parameters of each method this server answers
/// against the library's own contract for them. A call of a tool the server does not have is answered here too: in
/// the library it is an exception, logged as an error with its stack trace, which any client could repeat.
/// </summary>
internal static class McpRequestGuard
{
    private const int ParseError = -32700;
    private const int InvalidRequest = -32600;
    private const int MethodNotFound = -32601;
    private const int InvalidParams = -32602;

    /// <summary>Where the guard leaves the path of a key given twice in a tool call's arguments, for the tool to refuse by field as an HTTP body's binder does.</summary>
    public const string DuplicateArgumentKey = "Bunbase.Mcp.DuplicateArgument";

    /// <summary>The parameters of the methods this server answers, as the library reads them, and whether the method requires them.</summary>
    private static readonly Dictionary<string, (JsonTypeInfo Contract, bool Required)> Parameters = new(StringComparer.Ordinal)
    {
        [RequestMethods.Initialize] = (Contract<InitializeRequestParams>(), true),
        [RequestMethods.Ping] = (Contract<PingRequestParams>(), false),
        [RequestMethods.ToolsList] = (Contract<ListToolsRequestParams>(), false),
        [RequestMethods.ToolsCall] = (Contract<CallToolRequestParams>(), true),
#pragma warning disable MCP9005 // Deprecated by the 2026-07-28 revision, but the library still answers it for older clients.
        [RequestMethods.LoggingSetLevel] = (Contract<SetLevelRequestParams>(), true),
#pragma warning restore MCP9005
    };

    /// <summary>The other requests the library answers (a protocol revision's handshake and subscriptions): handed to it unchecked.</summary>
    private static readonly HashSet<string> AnsweredByLibrary = new(StringComparer.Ordinal) { RequestMethods.ServerDiscover, RequestMethods.SubscriptionsListen };

    public static void Wrap(EndpointBuilder endpoint)
    {
        var next = endpoint.RequestDelegate ?? throw new InvalidOperationException("The MCP endpoint has no request delegate.");
        endpoint.RequestDelegate = http => GuardAsync(http, next);
    }

    /// <summary>
    /// Drops the library's <see cref="IAcceptsMetadata"/> (a <c>Finally</c> convention: it runs after the library's own),
    /// so routing no longer answers another content type with a 415 problem before the guard: the guard refuses it,
    /// as a JSON-RPC error a client of this endpoint can read.
    /// </summary>
    public static void AcceptAnyContentType(EndpointBuilder endpoint)
    {
        for (var i = endpoint.Metadata.Count - 1; i >= 0; i--)
        {
            if (endpoint.Metadata[i] is IAcceptsMetadata)
                endpoint.Metadata.RemoveAt(i);
        }
    }

    private static async Task GuardAsync(HttpContext http, RequestDelegate next)
    {
        JsonElement? id = null;
        if (HttpMethods.IsPost(http.Request.Method))
        {
            if (!JsonMediaType.Accepts(http.Request.ContentType))
            {
                await WriteAsync(http, StatusCodes.Status415UnsupportedMediaType, null, InvalidRequest, "Send the JSON-RPC message as application/json, in UTF-8.").ConfigureAwait(false);
                return;
            }

            http.Request.EnableBuffering();
            using var body = new MemoryStream();
            try
            {
                await http.Request.Body.CopyToAsync(body, http.RequestAborted).ConfigureAwait(false);
            }
            catch (Exception ex) when (RequestBodyErrors.IsBodyReadFailure(http, ex) || ex is OperationCanceledException)
            {
                // Too large, too slow, broken framing: said as the HTTP transport says it; nothing when the client is gone.
                var options = http.RequestServices.GetRequiredService<BunbaseOptions>();
                if (RequestBodyErrors.Explain(http, ex, options.MaxRequestBodySize) is { } unread)
                {
                    if (unread.Classification.ClosesConnection)
                        http.Response.Headers.Connection = "close";
                    await WriteAsync(http, unread.Status, null, InvalidRequest, unread.Message).ConfigureAwait(false);
                }

                return;
            }

            http.Request.Body.Position = 0;
            var tools = http.RequestServices.GetRequiredService<McpTools>();
            var (refusal, messageId, duplicateArgument) = Check(body.GetBuffer().AsMemory(0, (int)body.Length), tools.Has);
            id = messageId;
            if (refusal is { } problem)
            {
                await WriteAsync(http, problem.Status, id, problem.Code, problem.Message).ConfigureAwait(false);
                return;
            }

            if (duplicateArgument is not null)
                http.Items[DuplicateArgumentKey] = duplicateArgument;
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

    /// <summary>Why the message cannot be handed to the library, its id when it has one, and the path of a key given twice in a tool call's arguments.</summary>
    private static ((int Status, int Code, string Message)? Refusal, JsonElement? Id, string? DuplicateArgument) Check(ReadOnlyMemory<byte> body, Func<string, bool> isTool)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException ex)
        {
            return ((StatusCodes.Status400BadRequest, ParseError, $"The body is not JSON (line {(ex.LineNumber ?? 0) + 1}, byte {(ex.BytePositionInLine ?? 0) + 1})."), null, null);
        }

        using (document)
        {
            if (JsonText.FindInvalidText(body.Span) is { } offset)
                return ((StatusCodes.Status400BadRequest, ParseError, JsonText.Explain("The body", offset)), null, null);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                return (null, null, null); // a batch or anything else: the library answers it
            JsonElement? id = root.TryGetProperty("id", out var value) && value.ValueKind is JsonValueKind.String or JsonValueKind.Number ? value.Clone() : null;

            // A key given twice is refused, never last-wins (as in an action's body): in the message, in its params, and,
            // for tools/call, in the arguments, which the tool refuses by field so the caller learns it as a bad argument.
            if (DuplicateKey(root, "params") is { } inMessage)
                return ((StatusCodes.Status400BadRequest, InvalidRequest, $"The message has the key '{inMessage}' more than once; send it once."), id, null);
            if (!root.TryGetProperty("method", out var method) || method.ValueKind != JsonValueKind.String)
                return (null, id, null); // a response, or not a message: the library answers it
            var name = method.GetString()!;
            if (!Parameters.TryGetValue(name, out var parameters))
            {
                // A request for a method this server does not have: the library's answer, without the warning and stack
                // trace it logs for each. Notifications (no id) go to the library, which answers them with a 202.
                return id is not null && !AnsweredByLibrary.Contains(name)
                    ? ((StatusCodes.Status200OK, MethodNotFound, $"Method '{name}' is not available."), id, null)
                    : (null, id, null);
            }

            var call = name == RequestMethods.ToolsCall;
            var given = root.TryGetProperty("params", out var element) && element.ValueKind != JsonValueKind.Null;
            if (given && element.ValueKind == JsonValueKind.Object && DuplicateKey(element, call ? "arguments" : null) is { } inParams)
                return ((StatusCodes.Status400BadRequest, InvalidParams, $"The params have the key '{inParams}' more than once; send it once."), id, null);

            if (call)
            {
                if (!given || element.ValueKind != JsonValueKind.Object)
                    return ((StatusCodes.Status400BadRequest, InvalidParams, "tools/call takes params: an object with the tool's name and its arguments."), id, null);
                if (!element.TryGetProperty("name", out var tool) || tool.ValueKind != JsonValueKind.String)
                    return ((StatusCodes.Status400BadRequest, InvalidParams, "tools/call names its tool: params.name, a string (tools/list gives the names)."), id, null);
                if (element.TryGetProperty("arguments", out var arguments) && arguments.ValueKind is not (JsonValueKind.Object or JsonValueKind.Null))
                    return ((StatusCodes.Status400BadRequest, InvalidParams, "A tool's arguments are an object of its input's fields."), id, null);
            }
            else if (parameters.Required && !given)
            {
                return ((StatusCodes.Status400BadRequest, InvalidParams, $"{name} takes params: an object."), id, null);
            }

            // The library reads the params with these contracts; a mismatch there is answered as an internal error and logged.
            if (given)
            {
                try
                {
                    JsonSerializer.Deserialize(element, parameters.Contract);
                }
                catch (Exception ex) when (ex is JsonException or FormatException or ArgumentException)
                {
                    var at = ex is JsonException { Path: { } path } ? path.Replace("$", "params", StringComparison.Ordinal) : "params";
                    return ((StatusCodes.Status400BadRequest, InvalidParams, $"The params of {name} do not have its shape (at {at})."), id, null);
                }
            }

            // A well-formed call of a tool that is not there: a JSON-RPC error in a 200, as the library answers it.
            if (call && element.GetProperty("name").GetString() is { } toolName && !isTool(toolName))
                return ((StatusCodes.Status200OK, InvalidParams, $"Unknown tool: '{toolName}'. tools/list names the tools this server has."), id, null);
            var duplicateArgument = call && element.TryGetProperty("arguments", out var args) ? JsonBodyErrors.FirstDuplicateKey(args) : null;
            return (null, id, duplicateArgument);
        }
    }

    /// <summary>The path of the first key given twice in <paramref name="element"/> or below it, except under its member <paramref name="skip"/> (checked on its own).</summary>
    private static string? DuplicateKey(JsonElement element, string? skip)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            if (!seen.Add(property.Name))
                return property.Name;
        }

        foreach (var property in element.EnumerateObject())
        {
            if (property.Name != skip && JsonBodyErrors.FirstDuplicateKey(property.Value, property.Name) is { } nested)
                return nested;
        }

        return null;
    }

    private static JsonTypeInfo Contract<T>() => McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(T));

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
