using System.Net;
using Bunbase.Runtime.Realtime;
using Bunbase.Runtime.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bunbase.Runtime.Tests.Realtime;

/// <summary>
/// Every realtime stream (SSE, WebSocket, durable event stream) takes a place of <c>realtime.maxConnectionsPerUser</c>,
/// counts in <c>bunbase_realtime_connections</c> and is refused, before it starts, with a problem: 429 over the
/// limit, 503 once the instance is stopping.
/// </summary>
public sealed class ConnectionLimitTests : IAsyncLifetime
{
    private readonly WarningLog _logs = new();
    private AppServer _server = null!;

    public async Task InitializeAsync() => _server = await AppServer.StartAsync(
        extraConfig: """ "database": {}, "realtime": { "heartbeatMs": 200, "maxConnectionsPerUser": 2 } """,
        name: $"rt-limit-{Guid.NewGuid():N}",
        host: h => h.ConfigureServices = services => services.AddSingleton<ILoggerProvider>(_logs));

    public async Task DisposeAsync() => await _server.DisposeAsync();

    /// <summary>A WebSocket upgrade over a plain socket, so a refusal's status and problem body can be read.</summary>
    private Task<RawResponse> UpgradeAsync() => RawHttp.ExchangeAsync(_server.Address,
        $"GET /_realtime/ws HTTP/1.1\r\nHost: {_server.Address.Authority}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n" +
        "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n");

    private async Task<SseClient> FollowEventsAsync()
    {
        var response = await _server.Client.GetAsync("/_realtime/events?category=open", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await SseClient.FromResponseAsync(response);
    }

    [Fact]
    public async Task Every_kind_of_stream_counts_against_the_limit_and_one_more_is_429_before_it_starts()
    {
        await using var channels = await SseClient.OpenAsync(_server.Client, "channel=public:limit");
        var events = await FollowEventsAsync();
        var open = (await MetricsText.ScrapeAsync(_server.Client)).Value("bunbase_realtime_connections", ("transport", "sse"));

        var (sseStatus, _, sseBody) = await SseClient.TryOpenAsync(_server.Client, "channel=public:limit-2");
        using var moreEvents = await _server.Client.GetAsync("/_realtime/events?category=open", HttpCompletionOption.ResponseHeadersRead);
        var upgrade = await UpgradeAsync();

        Assert.Equal(2, open);
        Assert.Equal((HttpStatusCode.TooManyRequests, "too_many_connections"), (sseStatus, System.Text.Json.JsonDocument.Parse(sseBody).RootElement.GetProperty("code").GetString()));
        Assert.Equal(HttpStatusCode.TooManyRequests, moreEvents.StatusCode); // before its body: an admitted stream's never ends
        Assert.Equal("too_many_connections", (await Problem.ReadAsync(moreEvents, HttpStatusCode.TooManyRequests)).Code);
        Assert.Equal((429, "too_many_connections"), (upgrade.Status, upgrade.Problem().GetProperty("code").GetString()));

        // The event stream's place is given back when it ends: a WebSocket takes it.
        await events.DisposeAsync();
        await Eventually.TrueAsync(async () => (await MetricsText.ScrapeAsync(_server.Client)).Value("bunbase_realtime_connections", ("transport", "sse")) == 1, "the event stream to be counted out");
        await using var socket = await WsClient.ConnectAsync(_server.Address);
        Assert.Equal("pong", (await socket.RequestAsync(new { type = "ping", id = "p" }, "p")).GetProperty("type").GetString());
        Assert.DoesNotContain(_logs.Records, r => r.StartsWith("Error", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_stopping_instance_refuses_every_kind_of_stream_with_503()
    {
        _server.Services.GetRequiredService<RealtimeConnections>().Stop();

        var (sseStatus, _, _) = await SseClient.TryOpenAsync(_server.Client, "channel=public:stopping");
        using var events = await _server.Client.GetAsync("/_realtime/events?category=open", HttpCompletionOption.ResponseHeadersRead);
        var upgrade = await UpgradeAsync();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, sseStatus);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, events.StatusCode); // before its body: an admitted stream's never ends
        Assert.Equal("shutting_down", (await Problem.ReadAsync(events, HttpStatusCode.ServiceUnavailable)).Code);
        Assert.Equal((503, "shutting_down"), (upgrade.Status, upgrade.Problem().GetProperty("code").GetString()));
    }
}
