using System.Net;
using System.Text;
using System.Text.Json;
using Bunbase.Runtime.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bunbase.Runtime.Tests.Mcp;

/// <summary>Messages a client gets wrong, sent raw to the MCP endpoint: each is a JSON-RPC error with a 4xx, and none is logged.</summary>
public sealed class McpRequestGuardTests
{
    public static TheoryData<string, int> WrongShapes => new()
    {
        { """{"jsonrpc":"2.0","id":7,"method":"tools/list","params":[]}""", -32602 },
        { """{"jsonrpc":"2.0","id":7,"method":"tools/list","params":5}""", -32602 },
        { """{"jsonrpc":"2.0","id":7,"method":"tools/list","params":{"cursor":5}}""", -32602 },
        { """{"jsonrpc":"2.0","id":7,"method":"tools/list","params":{"_meta":"x"}}""", -32602 },
        { """{"jsonrpc":"2.0","id":7,"method":"logging/setLevel","params":{"level":"zzz"}}""", -32602 },
        { """{"jsonrpc":"2.0","id":7,"method":"logging/setLevel"}""", -32602 },
        { """{"jsonrpc":"2.0","id":7,"method":"ping","params":5}""", -32602 },
        { """{"jsonrpc":"2.0","id":7,"method":"initialize","params":{"protocolVersion":5,"capabilities":{},"clientInfo":{"name":"x","version":"1"}}}""", -32602 },
        { """{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"tool-echo","_meta":5}}""", -32602 },
        { """{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"tool-echo","arguments":{"text":"a"},"name":"tool-greet"}}""", -32602 },
        { """{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"tool-echo","_meta":{"a":1,"a":2}}}""", -32602 },
        { """{"jsonrpc":"2.0","id":7,"method":"tools/list","method":"tools/call"}""", -32600 },
    };

    [Fact]
    public async Task Params_of_the_wrong_shape_are_invalid_params_in_a_400_and_unknown_methods_not_found_with_nothing_logged()
    {
        var logs = new WarningLog();
        await using var server = await AppServer.StartAsync(host: h => h.ConfigureServices = services => services.AddSingleton<ILoggerProvider>(logs));

        foreach (var (body, code) in WrongShapes.Select(row => ((string)row[0], (int)row[1])))
        {
            var (status, type, text) = await PostAsync(server, "application/json", Encoding.UTF8.GetBytes(body));

            Assert.True(status == HttpStatusCode.BadRequest, $"{body}: {(int)status} {text}");
            Assert.Equal("application/json", type);
            var message = JsonDocument.Parse(text).RootElement;
            Assert.True(message.GetProperty("error").GetProperty("code").GetInt32() == code, $"{body}: {text}");
            Assert.Equal(7, message.GetProperty("id").GetInt32());
        }

        // A method the server does not have: the library's answer (in a 200), without its warning and stack trace.
        foreach (var method in new[] { "resources/list", "prompts/get", "notifications/initialized" })
        {
            var (status, _, text) = await PostAsync(server, "application/json", Encoding.UTF8.GetBytes($$"""{"jsonrpc":"2.0","id":7,"method":"{{method}}","params":{"a":1} }"""));

            Assert.True(status == HttpStatusCode.OK, $"{method}: {(int)status} {text}");
            Assert.Equal(-32601, JsonDocument.Parse(text).RootElement.GetProperty("error").GetProperty("code").GetInt32());
        }

        // The endpoint still serves, and nothing above was a server fault worth a warning.
        await using var client = await McpApp.ConnectAsync(server);
        Assert.NotEqual(true, (await client.CallToolAsync("tool-echo", new Dictionary<string, object?> { ["text"] = "still" })).IsError);
        Assert.Empty(logs.Records);
    }

    [Theory]
    [InlineData("""{"text":"a","text":"b"}""", "text")]
    [InlineData("""{"text":"a","style":{"upper":true,"upper":false}}""", "style.upper")]
    public async Task Arguments_with_a_key_given_twice_are_refused_by_field_as_an_http_body_is(string arguments, string field)
    {
        await using var server = await AppServer.StartAsync();
        var body = $$$"""{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"tool-echo","arguments":{{{arguments}}}}}""";

        var (status, type, text) = await PostAsync(server, "application/json", Encoding.UTF8.GetBytes(body));

        Assert.True(status == HttpStatusCode.OK, text);
        Assert.Equal("text/event-stream", type);
        var result = JsonDocument.Parse(text).RootElement.GetProperty("result");
        Assert.True(result.GetProperty("isError").GetBoolean(), text);
        var problem = result.GetProperty("structuredContent");
        Assert.Equal("validation_failed", problem.GetProperty("code").GetString());
        Assert.Equal("This field appears more than once; send it once.", problem.GetProperty("errors").GetProperty(field)[0].GetString());
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("application/json-rpc")]
    [InlineData(null)]
    [InlineData("application/json; charset=utf-16")]
    [InlineData("application/json; charset=iso-8859-1")]
    public async Task A_body_that_is_not_utf8_json_is_a_json_rpc_error_with_415(string? contentType)
    {
        await using var server = await AppServer.StartAsync();

        var (status, type, text) = await PostAsync(server, contentType, """{"jsonrpc":"2.0","id":3,"method":"tools/list"}"""u8.ToArray());

        Assert.True(status == HttpStatusCode.UnsupportedMediaType, $"{(int)status} {text}");
        Assert.Equal("application/json", type);
        var message = JsonDocument.Parse(text).RootElement;
        Assert.Equal(-32600, message.GetProperty("error").GetProperty("code").GetInt32());
        Assert.Contains("application/json", message.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_body_over_the_limit_is_a_json_rpc_error_with_413()
    {
        await using var server = await AppServer.StartAsync(extraConfig: """ "maxRequestBodySize": 1024 """);
        var body = "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"tool-echo\",\"arguments\":{\"text\":\"" + new string('a', 2000) + "\"}}}";

        var (status, type, text) = await PostAsync(server, "application/json", Encoding.UTF8.GetBytes(body));

        Assert.True(status == HttpStatusCode.RequestEntityTooLarge, $"{(int)status} {text}");
        Assert.Equal("application/json", type);
        Assert.Equal(-32600, JsonDocument.Parse(text).RootElement.GetProperty("error").GetProperty("code").GetInt32());
    }

    private static async Task<(HttpStatusCode Status, string? ContentType, string Text)> PostAsync(AppServer server, string? contentType, byte[] body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/_mcp", UriKind.Relative));
        request.Headers.TryAddWithoutValidation("Accept", "application/json, text/event-stream");
        request.Content = new ByteArrayContent(body);
        if (contentType is not null)
            request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        using var response = await server.Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();

        // The library answers a request as one server-sent event; its data is the JSON-RPC message.
        if (response.Content.Headers.ContentType?.MediaType == "text/event-stream")
            text = string.Concat(text.Split('\n').Where(l => l.StartsWith("data: ", StringComparison.Ordinal)).Select(l => l["data: ".Length..]));
        return (response.StatusCode, response.Content.Headers.ContentType?.MediaType, text);
    }
}
