using System.Net.Http.Json;
using System.Text.Json;
using Bunbase.Runtime.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Bunbase.Runtime.Tests.Realtime;

/// <summary>
/// The PostgreSQL backplane when the process's LISTEN connection is lost (<c>pg_terminate_backend</c>, as a
/// restart or a failover does) while clients stay connected: what was published meanwhile still reaches them.
/// </summary>
public sealed class ListenerLossTests : IAsyncLifetime
{
    private TestDatabase _database = null!;
    private AppServer _app = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        _app = await AppServer.StartAsync(extraConfig: $$""" "database": { "url": "{{_database.Url}}" } """, name: $"rtl-{Guid.NewGuid():N}");
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _database.DisposeAsync();
    }

    private async Task<long> PublishAsync(string channel, string text)
    {
        using var response = await _app.Client.PostAsJsonAsync("/realtime/publish", new { channel, @event = "said", text });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("id").GetInt64();
    }

    private Task<long> ListenersAsync() => _database.BackendsAsync("% listener");

    [Fact]
    public async Task Messages_published_while_the_listen_connection_is_lost_reach_connected_subscribers()
    {
        var channel = $"public:{Guid.NewGuid():N}";
        await using var subscribers = await SubscriberPair.OpenAsync(_app, channel);
        var first = await PublishAsync(channel, "before");
        var (sseFirst, wsFirst) = await subscribers.NextIdsAsync(1);
        Assert.Equal(first, Assert.Single(sseFirst));
        Assert.Equal(first, Assert.Single(wsFirst));

        // The listener's backend is gone before the publishes: their notifications go to no one of this instance.
        Assert.Equal(1, await _database.TerminateBackendsAsync("% listener"));
        await Eventually.TrueAsync(async () => await ListenersAsync() == 0, "the listener's backend to end", seconds: 10);
        var missed = new[] { await PublishAsync(channel, "during 1"), await PublishAsync(channel, "during 2") };
        await Eventually.TrueAsync(async () => await ListenersAsync() == 1, "the listener to reconnect");
        var after = await PublishAsync(channel, "after");

        var (viaSse, viaWs) = await subscribers.NextIdsAsync(3);

        Assert.Equal([missed[0], missed[1], after], viaSse);
        Assert.Equal([missed[0], missed[1], after], viaWs);
    }

    [Fact]
    public async Task A_subscriber_that_missed_more_than_the_history_keeps_is_told_gap()
    {
        await using var app = await AppServer.StartAsync(extraConfig: $$""" "database": { "url": "{{_database.Url}}" }, "realtime": { "historySize": 1 } """, name: $"rtl-{Guid.NewGuid():N}");
        var channel = $"public:{Guid.NewGuid():N}";
        await using var stream = await SseClient.OpenAsync(app.Client, "channel=" + channel);
        using (var first = await app.Client.PostAsJsonAsync("/realtime/publish", new { channel, @event = "said", text = "before" }))
            first.EnsureSuccessStatusCode();
        var before = (await stream.NextMessageAsync()).GetProperty("id").GetInt64();

        var listener = app.Services.GetRequiredService<Bunbase.Runtime.Configuration.BunbaseOptions>().Name + " listener";
        await _database.TerminateBackendsAsync(listener);
        await Eventually.TrueAsync(async () => await _database.BackendsAsync(listener) == 0, "the listener's backend to end", seconds: 10);
        foreach (var text in new[] { "during 1", "during 2" })
        {
            using var during = await app.Client.PostAsJsonAsync("/realtime/publish", new { channel, @event = "said", text });
            during.EnsureSuccessStatusCode();
        }

        var gap = await stream.ReadAsync();
        var kept = await stream.NextMessageAsync();

        Assert.Equal("gap", gap?.Event);
        Assert.Equal(before, gap!.Value.Data.GetProperty("after").GetInt64());
        Assert.Equal("during 2", kept.GetProperty("data").GetProperty("text").GetString());
    }
}
