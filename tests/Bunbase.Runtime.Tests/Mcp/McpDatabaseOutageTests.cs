extern alias ExampleApp;

using System.Net.Http.Json;
using System.Text.Json;
using Bunbase.Runtime.Tests.Infrastructure;
using Bunbase.Runtime.Tests.OpenApi;

namespace Bunbase.Runtime.Tests.Mcp;

/// <summary>MCP while PostgreSQL is away: listing still answers, a call is a tool error naming the outage, never a hang or a 500.</summary>
public sealed class McpDatabaseOutageTests : IAsyncLifetime
{
    private PrivatePostgres _postgres = null!;
    private AppServer _app = null!;

    public async Task InitializeAsync()
    {
        _postgres = await PrivatePostgres.StartAsync();
        _app = await AppServer.StartAsync(
            typeof(ExampleApp::Program).Assembly,
            extraConfig: Apps.ExampleMigratedConfig.Replace("\"database\": {", $$"""
                "database": { "url": "{{_postgres.Url}}", "connectTimeoutMs": 1000, "commandTimeoutMs": 2000,
                """, StringComparison.Ordinal));
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _postgres.DisposeAsync();
    }

    [Theory]
    [InlineData("stopped")]
    [InlineData("hung")]
    public async Task A_tool_call_while_the_database_is_out_is_a_tool_error_503(string outage)
    {
        var email = $"m{Guid.NewGuid():N}@example.com";
        (await _app.Client.PostAsJsonAsync("/_accounts/sign-up", new { email, password = "a long password", name = "Ann" })).EnsureSuccessStatusCode();
        using var signIn = await _app.Client.PostAsJsonAsync("/_accounts/sign-in", new { email, password = "a long password" });
        var token = JsonDocument.Parse(await signIn.Content.ReadAsStringAsync()).RootElement.GetProperty("token").GetString()!;
        await using var client = await McpApp.ConnectAsync(_app, token);
        Assert.NotEqual(true, (await client.CallToolAsync("search-notes", new Dictionary<string, object?> { ["text"] = "x" })).IsError);

        if (outage == "stopped")
            await _postgres.StopServerAsync();
        else
            await _postgres.PauseAsync();
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var tools = await client.ListToolsAsync(cancellationToken: bound.Token);
        var failed = await client.CallToolAsync("search-notes", new Dictionary<string, object?> { ["text"] = "x" }, cancellationToken: bound.Token);
        if (outage == "hung")
            await _postgres.ResumeAsync();

        Assert.Contains(tools, t => t.Name == "search-notes");
        Assert.True(failed.IsError);
        var problem = failed.StructuredContent!.Value;
        Assert.Equal(503, problem.GetProperty("status").GetInt32());
        Assert.EndsWith("_unavailable", problem.GetProperty("code").GetString(), StringComparison.Ordinal);
    }
}
