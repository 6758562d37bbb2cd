using System.Text;
using System.Text.Json;
using Bunbase.Runtime.Configuration;
using Microsoft.Extensions.Logging;

namespace Bunbase.Runtime.Realtime;

/// <summary>
/// What both transports share: admitting subscriptions (guards, limits, resuming from history,
/// presence), publishing (from actions and clients) and releasing a closed connection.
/// </summary>
internal sealed partial class RealtimeServer(
    BunbaseOptions options,
    ChannelAccess access,
    ChannelHub hub,
    IChannelBackplane backplane,
    IPresenceStore presence,
    RealtimeMetrics metrics,
    Json.JsonContracts json,
    IServiceProvider services,
    TimeProvider clock,
    ILogger<RealtimeServer> logger) : Pipeline.IChannelSource
{
    public RealtimeOptions Options { get; } = options.Realtime;

    public ChannelAccess Access { get; } = access;

    public ChannelHub Hub { get; } = hub;

    public IChannelBackplane Backplane { get; } = backplane;

    public IPresenceStore Presence { get; } = presence;

    public RealtimeMetrics Metrics { get; } = metrics;

    public IServiceProvider Services { get; } = services;

    public TimeProvider Clock { get; } = clock;

    /// <summary>The body options without the input contracts' member rules: a payload may be any object, an anonymous one included.</summary>
    public JsonSerializerOptions Json { get; } = Events.EventPublisher.DataOptions(json.Options);

    public IChannels For(CancellationToken invocation) => new InvocationChannels(this, invocation);

    /// <summary>Publishes for an action (<c>ctx.Channels</c>): the data serialised like a response body.</summary>
    public Task<long> PublishAsync(string channel, string @event, object? data, CancellationToken cancellationToken) =>
        PublishJsonAsync(channel, @event, JsonSerializer.Serialize(data, data?.GetType() ?? typeof(object), Json), "action", cancellationToken);

    /// <summary>Checks names and size, then publishes <paramref name="data"/> (JSON text).</summary>
    public async Task<long> PublishJsonAsync(string channel, string @event, string data, string source, CancellationToken cancellationToken)
    {
        if (ChannelNames.ChannelProblem(channel) is { } badChannel)
            throw new InvalidChannelMessageException(badChannel, nameof(channel));
        if (ChannelNames.EventProblem(@event) is { } badEvent)
            throw new InvalidChannelMessageException(badEvent, nameof(@event));
        var size = Encoding.UTF8.GetByteCount(channel) + Encoding.UTF8.GetByteCount(@event) + Encoding.UTF8.GetByteCount(data);
        if (size > Options.MaxMessageBytes)
            throw new InvalidChannelMessageException($"The message is {size} bytes; realtime.maxMessageBytes is {Options.MaxMessageBytes}.", nameof(data));
        var id = await Backplane.PublishAsync(channel, @event, data, cancellationToken).ConfigureAwait(false);
        Metrics.Published(source);
        return id;
    }

    /// <summary>
    /// Subscribes <paramref name="connection"/> to <paramref name="channel"/> after its guards, resuming
    /// after <paramref name="lastId"/> when given; throws the refusal (an <see cref="ActionException"/>).
    /// </summary>
    public async Task SubscribeAsync(RealtimeConnection connection, string channel, long? lastId, CancellationToken cancellationToken)
    {
        var rule = await Access.AdmitAsync(channel, ChannelOperation.Subscribe, connection.Caller, Services, cancellationToken).ConfigureAwait(false);
        var subscriber = new Subscriber(connection, channel, rule, lastId ?? 0);
        if (!connection.TryAdd(subscriber, Options.MaxChannelsPerConnection, out var limited))
        {
            throw limited
                ? new BadRequestException("too_many_channels", $"A connection subscribes to at most {Options.MaxChannelsPerConnection} channels (realtime.maxChannelsPerConnection).")
                : new ConflictException($"Already subscribed to '{channel}'.", "already_subscribed");
        }

        try
        {
            if (lastId is { } after)
            {
                subscriber.BeginCatchUp();
                Hub.Add(subscriber);
                subscriber.EndCatchUp(await Backplane.ReadAfterAsync(channel, after, cancellationToken).ConfigureAwait(false));
            }
            else
            {
                Hub.Add(subscriber);
            }

            if (rule.Presence)
                await JoinAsync(connection, channel, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            connection.Take(channel);
            Hub.Remove(subscriber);
            throw;
        }
    }

    /// <summary>Ends one subscription; false when there was none.</summary>
    public async Task<bool> UnsubscribeAsync(RealtimeConnection connection, string channel, CancellationToken cancellationToken)
    {
        if (connection.Take(channel) is not { } subscriber)
            return false;
        Hub.Remove(subscriber);
        if (subscriber.Rule?.Presence == true)
            await LeaveAsync(connection, channel, cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>Ends every subscription of a closed connection (presence leaves are announced).</summary>
    public async Task ReleaseAsync(RealtimeConnection connection)
    {
        foreach (var subscriber in connection.Subscribers())
        {
            try
            {
                await UnsubscribeAsync(connection, subscriber.Channel, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                // The presence store is down: the entry expires by itself.
                LogLeaveFailed(logger, subscriber.Channel, ex.Message);
            }
        }
    }

    /// <summary>
    /// Lists again a member the presence store no longer has (swept while this instance stalled, or lost with
    /// Redis's data) while its connection is still subscribed, announcing its join.
    /// </summary>
    public Task RejoinAsync(RealtimeConnection connection, string channel, CancellationToken cancellationToken) =>
        connection.IsClosed || !connection.Subscribers().Any(s => s.Channel == channel) ? Task.CompletedTask : JoinAsync(connection, channel, cancellationToken);

    private async Task JoinAsync(RealtimeConnection connection, string channel, CancellationToken cancellationToken)
    {
        var member = new ChannelMember(connection.Id, connection.Caller?.User?.Id, Clock.GetUtcNow());
        if (await Presence.JoinAsync(channel, member, cancellationToken).ConfigureAwait(false))
            await AnnounceAsync(channel, "presence.join", member, cancellationToken).ConfigureAwait(false);
    }

    private async Task LeaveAsync(RealtimeConnection connection, string channel, CancellationToken cancellationToken)
    {
        if (await Presence.LeaveAsync(channel, connection.Id, cancellationToken).ConfigureAwait(false))
            await AnnounceAsync(channel, "presence.leave", new ChannelMember(connection.Id, connection.Caller?.User?.Id, Clock.GetUtcNow()), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A join or leave is a message of the channel itself, so it is ordered with the rest and resumable.</summary>
    public Task AnnounceAsync(string channel, string @event, ChannelMember member, CancellationToken cancellationToken)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(128);
        using (var writer = new Utf8JsonWriter(buffer))
            RealtimeFrames.WriteMember(writer, member);
        return Backplane.PublishAsync(channel, @event, Encoding.UTF8.GetString(buffer.WrittenSpan), cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Realtime presence leave of {Channel} not recorded ({Reason}); the entry expires by itself")]
    private static partial void LogLeaveFailed(ILogger logger, string channel, string reason);
}
