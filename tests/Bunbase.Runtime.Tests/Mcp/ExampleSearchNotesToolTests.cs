extern alias ExampleApp;

using System.Net.Http.Json;
using System.Text.Json;
using Bunbase.Runtime.Tests.Infrastructure;
using Bunbase.Runtime.Tests.OpenApi;

namespace Bunbase.Runtime.Tests.Mcp;

/// <summary>The example app's search-notes tool: a signed-in user's assistant finds notes over MCP.</summary>
public sealed class ExampleSearchNotesToolTests : IAsyncLifetime
{
    private AppServer _app = null!;

    public async Task InitializeAsync()
    {
        _app = await AppServer.StartAsync(
            typeof(ExampleApp::Program).Assembly,
            extraConfig: Apps.ExampleMigratedConfig);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task A_signed_in_user_finds_notes_by_text_and_a_wildcard_is_literal()
    {
        var word = "w" + Guid.NewGuid().ToString("N")[..10];
        foreach (var title in new[] { $"About {word}", $"{word} 100% done", "unrelated" })
            (await _app.Client.PostAsJsonAsync("/notes", new { title, body = "b" })).EnsureSuccessStatusCode();
        (await _app.Client.PostAsJsonAsync("/_accounts/sign-up", new { email = $"{word}@example.com", password = "a long password", name = "Ann" })).EnsureSuccessStatusCode();
        using var signIn = await _app.Client.PostAsJsonAsync("/_accounts/sign-in", new { email = $"{word}@example.com", password = "a long password" });
        var token = JsonDocument.Parse(await signIn.Content.ReadAsStringAsync()).RootElement.GetProperty("token").GetString()!;

        await using (var anonymous = await McpApp.ConnectAsync(_app))
        {
            var refused = await anonymous.CallToolAsync("search-notes", new Dictionary<string, object?> { ["text"] = word });
            Assert.True(refused.IsError);
            Assert.Equal("session_required", refused.StructuredContent!.Value.GetProperty("code").GetString());
        }

        await using var client = await McpApp.ConnectAsync(_app, token);
        var found = await client.CallToolAsync("search-notes", new Dictionary<string, object?> { ["text"] = word.ToUpperInvariant() });
        Assert.Equal(2, found.StructuredContent!.Value.GetProperty("notes").GetArrayLength());
        var percent = await client.CallToolAsync("search-notes", new Dictionary<string, object?> { ["text"] = $"{word} 100%" });
        var note = Assert.Single(percent.StructuredContent!.Value.GetProperty("notes").EnumerateArray());
        Assert.Equal($"{word} 100% done", note.GetProperty("title").GetString());
    }
}
