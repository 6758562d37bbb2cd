using System.Net.Http.Json;
using Bunbase.Runtime.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bunbase.Runtime.Tests.Realtime;

/// <summary>A durable event stream followed live while PostgreSQL goes away and comes back.</summary>
public sealed class EventStreamOutageTests : IAsyncLifetime
{
    private readonly WarningLog _logs = new();
    private PrivatePostgres _postgres = null!;
    private AppServer _app = null!;

    public async Task InitializeAsync()
    {
        _postgres = await PrivatePostgres.StartAsync();
        _app = await AppServer.StartAsync(
            extraConfig: $$""" "database": { "url": "{{_postgres.Url}}", "connectTimeoutMs": 1000, "commandTimeoutMs": 2000 }, "realtime": { "heartbeatMs": 200 } """,
            name: $"rteo-{Guid.NewGuid():N}",
            host: h => h.ConfigureServices = services => services.AddSingleton<ILoggerProvider>(_logs));
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _postgres.DisposeAsync();
    }

    [Theory]
    [InlineData("stopped")]
    [InlineData("hung")]
    public async Task When_the_database_goes_away_the_stream_ends_with_reconnect_and_resumes_once_it_is_back(string outage)
    {
        (await _app.Client.PostAsJsonAsync("/events/publish", new { stream = "open-1", type = "first" })).EnsureSuccessStatusCode();
        string cursor;
        using (var response = await _app.Client.GetAsync("/_realtime/events?category=open", HttpCompletionOption.ResponseHeadersRead))
        {
            await using var follow = await SseClient.FromResponseAsync(response);
            Assert.Equal("event", (await follow.ReadAsync())?.Event);
            cursor = follow.LastId!;
            if (outage == "stopped")
                await _postgres.StopServerAsync();
            else
                await _postgres.PauseAsync();

            var ended = await follow.ReadAsync(seconds: 60);
            Assert.Equal("reconnect", ended?.Event);
            Assert.Equal("unavailable", ended!.Value.Data.GetProperty("reason").GetString());
            Assert.Null(await follow.ReadAsync());
        }

        if (outage == "stopped")
            await _postgres.StartServerAsync();
        else
            await _postgres.ResumeAsync();
        await Eventually.TrueAsync(
            async () => (await _app.Client.PostAsJsonAsync("/events/publish", new { stream = "open-2", type = "second" })).IsSuccessStatusCode,
            "a publish once the database is back", seconds: 60);
        using var again = new HttpRequestMessage(HttpMethod.Get, "/_realtime/events?category=open");
        again.Headers.TryAddWithoutValidation("Last-Event-ID", cursor);
        using var resumed = await _app.Client.SendAsync(again, HttpCompletionOption.ResponseHeadersRead);
        await using var follow2 = await SseClient.FromResponseAsync(resumed);
        var next = await follow2.ReadAsync(seconds: 30);

        Assert.Equal("second", next?.Data.GetProperty("type").GetString());
        Assert.DoesNotContain(_logs.Records, r => r.StartsWith("Error", StringComparison.Ordinal));
    }
}
