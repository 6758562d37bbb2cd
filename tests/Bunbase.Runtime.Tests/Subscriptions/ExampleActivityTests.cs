extern alias ExampleApp;

using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Bunbase.Runtime.Tests.Infrastructure;
using Bunbase.Runtime.Tests.OpenApi;

namespace Bunbase.Runtime.Tests.Subscriptions;

/// <summary>The example app: creating a note publishes note-created in its transaction; a subscriber counts them per day for GET /notes/activity.</summary>
public sealed class ExampleActivityTests : IAsyncLifetime
{
    private AppServer _app = null!;

    public async Task InitializeAsync()
    {
        _app = await AppServer.StartAsync(
            typeof(ExampleApp::Program).Assembly,
            extraConfig: $$""" "database": { "migrateOnStart": true, "migrationsPath": "{{Apps.ExampleMigrations}}" }, "subscriptions": { "pollIntervalMs": 100 }, "accounts": { "enabled": true } """);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Notes_created_today_are_counted_by_their_events()
    {
        var before = await ActivityAsync();
        for (var i = 0; i < 3; i++)
        {
            using var created = await _app.Client.PostAsJsonAsync("/notes", new { title = $"note {i}", body = "b" });
            created.EnsureSuccessStatusCode();
        }

        await Eventually.TrueAsync(async () => (await ActivityAsync()).GetProperty("count").GetInt64() >= before.GetProperty("count").GetInt64() + 3, "the three events to be counted");

        var after = await ActivityAsync();
        Assert.Equal(DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), after.GetProperty("date").GetString());
        Assert.Equal(before.GetProperty("count").GetInt64() + 3, after.GetProperty("count").GetInt64());
    }

    private async Task<JsonElement> ActivityAsync()
    {
        using var response = await _app.Client.GetAsync("/notes/activity");
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }
}
