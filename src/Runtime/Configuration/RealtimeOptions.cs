using System.ComponentModel.DataAnnotations;

namespace Bunbase.Runtime.Configuration;

/// <summary>Realtime channels over SSE and WebSocket (<c>realtime.*</c>).</summary>
public sealed class RealtimeOptions
{
    /// <summary>Whether the realtime endpoints are served (actions may publish either way).</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool Enabled { get; set; } = true;

    /// <summary>The endpoints' path prefix: <c>{path}/sse</c>, <c>{path}/ws</c>, <c>{path}/presence</c>.</summary>
    /// <value>The default is <c>/_realtime</c>.</value>
    [RegularExpression("^/[A-Za-z0-9_./-]*[A-Za-z0-9_]$")]
    public string Path { get; set; } = "/_realtime";

    /// <summary>The largest message (channel, event and JSON data together, in UTF-8 bytes), from an action or a client. On the PostgreSQL backplane (no Redis) at most 7,000, since a notification carries at most 8,000 bytes.</summary>
    /// <value>The default is 4,096.</value>
    [Range(256, 1_048_576)]
    public int MaxMessageBytes { get; set; } = 4_096;

    /// <summary>How many channels one connection may subscribe to.</summary>
    /// <value>The default is 50.</value>
    [Range(1, 10_000)]
    public int MaxChannelsPerConnection { get; set; } = 50;

    /// <summary>How many realtime connections one user (or, without a session, one client address) may hold on one instance.</summary>
    /// <value>The default is 20.</value>
    [Range(1, 100_000)]
    public int MaxConnectionsPerUser { get; set; } = 20;

    /// <summary>How many messages may wait for one slow connection; past that it is told and closed (it may resume from its last id).</summary>
    /// <value>The default is 256.</value>
    [Range(1, 100_000)]
    public int QueueCapacity { get; set; } = 256;

    /// <summary>How many recent messages per channel are kept for resuming (<c>Last-Event-ID</c>).</summary>
    /// <value>The default is 100.</value>
    [Range(0, 10_000)]
    public int HistorySize { get; set; } = 100;

    /// <summary>How long a channel's recent messages are kept after its last message, in seconds.</summary>
    /// <value>The default is 300.</value>
    [Range(1, 86_400)]
    public int HistorySeconds { get; set; } = 300;

    /// <summary>How often an idle connection gets a heartbeat (an SSE comment, a WebSocket ping), in milliseconds; sessions are checked for revocation as often.</summary>
    /// <value>The default is 15,000.</value>
    [Range(100, 300_000)]
    public int HeartbeatMs { get; set; } = 15_000;

    /// <summary>A WebSocket whose client answers nothing (not even a ping's pong) for this long is closed, in milliseconds.</summary>
    /// <value>The default is 45,000.</value>
    [Range(200, 3_600_000)]
    public int IdleTimeoutMs { get; set; } = 45_000;

    /// <summary>How long a presence entry lives without its instance's heartbeat (every third of it), in milliseconds: a dead instance's members are gone within this plus a third.</summary>
    /// <value>The default is 15,000.</value>
    [Range(300, 600_000)]
    public int PresenceTtlMs { get; set; } = 15_000;
}
