using System.Text.Json;
using Bunbase.Runtime.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace Bunbase.Runtime.Tests.Mcp;

/// <summary>Actions marked [Tool] over MCP's streamable HTTP, driven by the SDK's client: the same pipeline, guards and limits as HTTP.</summary>
public sealed class McpToolTests(McpApp app) : IClassFixture<McpApp>
{
    [Fact]
    public async Task Lists_the_tools_with_their_input_schemas_and_no_other_actions()
    {
        await using var client = await app.ConnectAsync();
        var tools = (await client.ListToolsAsync()).Select(t => t.ProtocolTool).ToDictionary(t => t.Name);

        Assert.Equal(["tool-admin", "tool-echo", "tool-greet", "tool-limited", "tool-whoami"], tools.Keys.Order(StringComparer.Ordinal));
        var echo = tools["tool-echo"];
        Assert.Equal(("Echo", "Repeats a text", true), (echo.Title, echo.Description, echo.Annotations?.ReadOnlyHint));
        var schema = echo.InputSchema;
        Assert.Equal("object", schema.GetProperty("type").GetString());
        var text = schema.GetProperty("properties").GetProperty("text");
        Assert.Equal(("string", 1, 20), (text.GetProperty("type").GetString(), text.GetProperty("minLength").GetInt32(), text.GetProperty("maxLength").GetInt32()));
        var times = schema.GetProperty("properties").GetProperty("times");
        Assert.Equal((1, 5), (times.GetProperty("minimum").GetInt32(), times.GetProperty("maximum").GetInt32()));
        Assert.Equal(["text"], schema.GetProperty("required").EnumerateArray().Select(e => e.GetString()));

        // A nested type is a reference resolved inside the schema itself.
        var style = schema.GetProperty("properties").GetProperty("style").GetRawText();
        var reference = System.Text.RegularExpressions.Regex.Match(style, "\"\\$ref\":\"#/\\$defs/([^\"]+)\"").Groups[1].Value;
        Assert.Equal("object", schema.GetProperty("$defs").GetProperty(reference).GetProperty("type").GetString());

        // A path member of a routed action is one more argument.
        var greet = tools["tool-greet"].InputSchema;
        Assert.Equal(["greeting", "name"], greet.GetProperty("required").EnumerateArray().Select(e => e.GetString()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Calls_a_tool_and_gets_its_output_as_structured_content_and_text()
    {
        await using var client = await app.ConnectAsync();
        var result = await client.CallToolAsync("tool-echo", new Dictionary<string, object?> { ["text"] = "ab", ["times"] = 2, ["style"] = new { upper = true } });

        Assert.NotEqual(true, result.IsError);
        var output = result.StructuredContent!.Value;
        Assert.Equal(("ABAB", 4), (output.GetProperty("result").GetString(), output.GetProperty("length").GetInt32()));
        var block = Assert.IsType<TextContentBlock>(Assert.Single(result.Content));
        Assert.Equal("ABAB", JsonDocument.Parse(block.Text).RootElement.GetProperty("result").GetString());

        var greeted = await client.CallToolAsync("tool-greet", new Dictionary<string, object?> { ["name"] = "Ann", ["greeting"] = "Hi" });
        Assert.Equal("Hi, Ann!", greeted.StructuredContent!.Value.GetProperty("message").GetString());
    }

    [Fact]
    public async Task A_tool_needing_a_session_is_refused_without_one_and_runs_with_a_bearer_token()
    {
        await using (var anonymous = await app.ConnectAsync())
        {
            var refused = await anonymous.CallToolAsync("tool-whoami");
            Assert.Equal(("session_required", 401), Problem(refused));
        }

        using var http = TestSessions.PlainClient(app.Server);
        var token = await TestSessions.StartAsync(http, "mcp-user");
        await using var signedIn = await app.ConnectAsync(token);
        var result = await signedIn.CallToolAsync("tool-whoami");
        Assert.NotEqual(true, result.IsError);
        Assert.Equal("mcp-user", result.StructuredContent!.Value.GetProperty("userId").GetString());
    }

    [Fact]
    public async Task A_session_cookie_counts_only_with_an_acceptable_origin()
    {
        using var http = TestSessions.PlainClient(app.Server);
        var token = await TestSessions.StartAsync(http, "cookie-user");
        var origin = app.Server.Address.GetLeftPart(UriPartial.Authority);

        await using (var sameOrigin = await McpApp.ConnectAsync(app.Server, headers: new() { ["Cookie"] = "session=" + token, ["Origin"] = origin }))
            Assert.Equal("cookie-user", (await sameOrigin.CallToolAsync("tool-whoami")).StructuredContent!.Value.GetProperty("userId").GetString());

        await using var crossSite = await McpApp.ConnectAsync(app.Server, headers: new() { ["Cookie"] = "session=" + token, ["Origin"] = "https://evil.example" });
        var refused = await crossSite.CallToolAsync("tool-whoami");
        Assert.True(refused.IsError);
        Assert.NotEqual("cookie-user", refused.StructuredContent!.Value.TryGetProperty("userId", out var user) ? user.GetString() : null);
        Assert.Equal(403, refused.StructuredContent!.Value.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task A_wrong_role_is_refused()
    {
        using var http = TestSessions.PlainClient(app.Server);
        await using (var user = await app.ConnectAsync(await TestSessions.StartAsync(http, "plain-user")))
            Assert.Equal(("role_required", 403), Problem(await user.CallToolAsync("tool-admin")));

        await using var admin = await app.ConnectAsync(await TestSessions.StartAsync(http, "admin-user", roles: ["admin"]));
        var allowed = await admin.CallToolAsync("tool-admin");
        Assert.NotEqual(true, allowed.IsError);
    }

    [Fact]
    public async Task Bad_arguments_give_validation_failed_with_field_errors()
    {
        await using var client = await app.ConnectAsync();

        var invalid = await client.CallToolAsync("tool-echo", new Dictionary<string, object?> { ["text"] = "", ["times"] = 9 });
        Assert.Equal(("validation_failed", 400), Problem(invalid));
        var errors = invalid.StructuredContent!.Value.GetProperty("errors");
        Assert.True(errors.TryGetProperty("text", out _), errors.GetRawText());
        Assert.True(errors.TryGetProperty("times", out _), errors.GetRawText());
        Assert.Contains("times", Assert.IsType<TextContentBlock>(Assert.Single(invalid.Content)).Text, StringComparison.Ordinal);

        var wrongType = await client.CallToolAsync("tool-echo", new Dictionary<string, object?> { ["text"] = "a", ["times"] = "many" });
        Assert.Equal(("validation_failed", 400), Problem(wrongType));
        Assert.True(wrongType.StructuredContent!.Value.GetProperty("errors").TryGetProperty("times", out _));

        var missing = await client.CallToolAsync("tool-greet", new Dictionary<string, object?> { ["greeting"] = "Hi" });
        Assert.Equal(("validation_failed", 400), Problem(missing));
        Assert.True(missing.StructuredContent!.Value.GetProperty("errors").TryGetProperty("name", out _), missing.StructuredContent.Value.GetRawText());
    }

    [Fact]
    public async Task An_unknown_tool_is_a_protocol_error_naming_it()
    {
        await using var client = await app.ConnectAsync();
        var error = await Assert.ThrowsAsync<McpProtocolException>(async () => await client.CallToolAsync("no-such-tool"));
        Assert.Equal(McpErrorCode.InvalidParams, error.ErrorCode);
        Assert.Contains("no-such-tool", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_tool_is_answered_without_an_error_in_the_log()
    {
        var logs = new WarningLog();
        await using var server = await AppServer.StartAsync(host: h => h.ConfigureServices = services => services.AddSingleton<ILoggerProvider>(logs));
        await using var client = await McpApp.ConnectAsync(server);

        for (var i = 0; i < 3; i++)
        {
            var error = await Assert.ThrowsAsync<McpProtocolException>(async () => await client.CallToolAsync("no-such-tool"));
            Assert.Equal(McpErrorCode.InvalidParams, error.ErrorCode);
        }

        var known = await client.CallToolAsync("tool-echo", new Dictionary<string, object?> { ["text"] = "still served" });
        Assert.NotEqual(true, known.IsError);
        Assert.Empty(logs.Records);
    }

    [Fact]
    public async Task The_run_log_records_trigger_mcp()
    {
        await using var client = await app.ConnectAsync();
        var text = Guid.NewGuid().ToString("N")[..12];
        await client.CallToolAsync("tool-echo", new Dictionary<string, object?> { ["text"] = text });

        var runs = await app.RunsAsync("tool-echo");
        var run = Assert.Single(runs, r => r.Input?.Contains(text, StringComparison.Ordinal) == true);
        Assert.Equal(("mcp", "ok"), (run.Trigger, run.Status));
    }

    [Fact]
    public async Task A_rate_limited_tool_answers_the_rate_limit_error()
    {
        await using var client = await app.ConnectAsync();
        var results = new List<CallToolResult>();
        for (var i = 0; i < 3; i++)
            results.Add(await client.CallToolAsync("tool-limited"));

        Assert.All(results.Take(2), r => Assert.NotEqual(true, r.IsError));
        Assert.Equal(("rate_limited", 429), Problem(results[2]));
        Assert.True(int.Parse(results[2].StructuredContent!.Value.GetProperty("retryAfter").GetString()!, System.Globalization.CultureInfo.InvariantCulture) > 0);
    }

    [Theory]
    [InlineData("GET", null, "application/json, text/event-stream")]
    [InlineData("POST", "not json", "application/json, text/event-stream")]
    [InlineData("POST", """{"jsonrpc":"2.0","id":1,"method":"tools/list"}""", "text/html")]
    [InlineData("POST", """{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"tool-echo","arguments":5}}""", "application/json, text/event-stream")]
    [InlineData("POST", """{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"arguments":{}}}""", "application/json, text/event-stream")]
    public async Task Malformed_requests_are_answered_without_a_server_error(string method, string? body, string accept)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri("/_mcp", UriKind.Relative));
        request.Headers.TryAddWithoutValidation("Accept", accept);
        if (body is not null)
            request.Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        using var response = await app.Server.Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode < 500, $"{(int)response.StatusCode}: {text}");
        if (response.IsSuccessStatusCode)
            Assert.Contains("\"error\"", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", """{"jsonrpc":"2.0","id":1,"method":"tools/list"}""", 415)] // a Content-Type header with nothing in it
    [InlineData("application/json", """{"jsonrpc":"2.0","id":1,"method":"initialize","params":5}""", 400)]
    [InlineData("application/json", """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"\ud800","capabilities":{},"clientInfo":{"name":"x","version":"1"}}}""", 400)]
    [InlineData("application/json", """{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":null}}""", 400)]
    [InlineData("application/json", """{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"tool-echo","arguments":[]}}""", 400)]
    [InlineData("application/json", """{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"tool-echo","arguments":{"\ud800":1}}}""", 400)]
    public async Task Messages_the_mcp_library_cannot_read_are_json_rpc_errors_not_a_500(string contentType, string body, int status)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/_mcp", UriKind.Relative));
        request.Headers.TryAddWithoutValidation("Accept", "application/json, text/event-stream");
        request.Content = new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(body));
        request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);

        using var response = await app.Server.Client.SendAsync(request);

        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == status, $"{(int)response.StatusCode}: {text}");
        var error = System.Text.Json.JsonDocument.Parse(text).RootElement.GetProperty("error");
        Assert.True(error.GetProperty("code").GetInt32() is -32700 or -32600 or -32602, text);
    }

    [Fact]
    public async Task The_endpoint_is_not_in_the_openapi_document()
    {
        using var response = await app.Server.Client.GetAsync(new Uri("/openapi.json", UriKind.Relative));
        var document = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("/_mcp", document, StringComparison.Ordinal);
        Assert.DoesNotContain("tool-echo", document, StringComparison.Ordinal);
    }

    private static (string Code, int Status) Problem(CallToolResult result)
    {
        Assert.True(result.IsError, result.StructuredContent?.GetRawText());
        var problem = result.StructuredContent!.Value;
        return (problem.GetProperty("code").GetString()!, problem.GetProperty("status").GetInt32());
    }
}
