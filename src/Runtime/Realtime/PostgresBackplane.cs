using Bunbase.Runtime.Configuration;
using Bunbase.Runtime.Data;
using Dapper;

namespace Bunbase.Runtime.Realtime;

/// <summary>
/// The backplane on PostgreSQL without Redis. One statement numbers a message (the channel's row in
/// <c>bunbase_realtime_channels</c>, locked until it commits, so ids commit in order), keeps it in
/// <c>bunbase_realtime_messages</c> (trimmed to <c>realtime.historySize</c>) and sends it with
/// <c>pg_notify</c>, which PostgreSQL delivers at commit, in commit order, to the process's one LISTEN
/// connection on every instance (<see cref="RealtimeNotificationListener"/>). A notification carries
/// at most 8,000 bytes: start-up refuses a <c>realtime.maxMessageBytes</c> over 7,000 here.
/// </summary>
internal sealed class PostgresBackplane(Database database, BunbaseOptions options) : IChannelBackplane
{
    public const string NotifyChannel = "bunbase_realtime";

    /// <summary>The largest message this backplane carries (a notification's payload is under 8,000 bytes).</summary>
    public const int MaxMessageBytes = 7_000;

    public const string Schema = """
        create table if not exists bunbase_realtime_channels (
            channel text primary key,
            last_id bigint not null,
            updated_at timestamptz not null default now());
        create table if not exists bunbase_realtime_messages (
            channel text not null,
            id bigint not null,
            event text not null,
            data text not null,
            created_at timestamptz not null default now(),
            primary key (channel, id));
        create table if not exists bunbase_realtime_presence (
            channel text not null,
            connection_id text not null,
            user_id text,
            joined_at timestamptz not null,
            expires_at timestamptz not null,
            primary key (channel, connection_id));
        create index if not exists bunbase_realtime_presence_expiry on bunbase_realtime_presence (expires_at);
        """;

    private const string PublishSql = """
        with c as (
            insert into bunbase_realtime_channels as c (channel, last_id)
            values (@Channel, floor(extract(epoch from clock_timestamp()) * 1000)::bigint * 1000 + 1)
            on conflict (channel) do update set last_id = c.last_id + 1, updated_at = now()
            returning last_id),
        m as (
            insert into bunbase_realtime_messages (channel, id, event, data)
            select @Channel, last_id, @Event, @Data from c where @Keep > 0),
        d as (
            delete from bunbase_realtime_messages
            where channel = @Channel and id <= (select last_id from c) - @Keep)
        select last_id, pg_notify('bunbase_realtime', @Channel || chr(10) || last_id || chr(10) || @Event || chr(10) || @Data) from c
        """;

    private ChannelHub? _hub;

    public string Name => "PostgreSQL NOTIFY";

    public async Task StartAsync(ChannelHub hub, CancellationToken cancellationToken)
    {
        await EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        _hub = hub;
    }

    /// <summary>The channels' numbering, history and presence tables.</summary>
    public Task EnsureSchemaAsync(CancellationToken cancellationToken) => RuntimeSchema.EnsureAsync(database, Schema, "", cancellationToken);

    /// <summary>A notification of <see cref="NotifyChannel"/> (on the listener's thread).</summary>
    public void OnNotification(string payload)
    {
        if (RealtimeMessage.FromWire(payload) is { } message)
            _hub?.Deliver(message);
    }

    /// <summary>
    /// The LISTEN connection is (again) in place: notifications sent while it was lost reached no one here, so
    /// the subscribers catch up from the history (in the background: this runs on the listener's thread).
    /// </summary>
    public void OnListening()
    {
        if (_hub is { ChannelCount: > 0 } hub)
            _ = hub.RecoverAsync(this, CancellationToken.None);
    }

    public async Task<long> PublishAsync(string channel, string @event, string data, CancellationToken cancellationToken)
    {
        var connection = await database.OpenAsync(database.PrimarySource, cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            // Dapper reads the first column (the id); the second is pg_notify's void.
            return await connection.QuerySingleAsync<long>(new CommandDefinition(
                PublishSql, new { Channel = channel, Event = @event, Data = data, Keep = options.Realtime.HistorySize }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        }
    }

    public async Task<HistoryRead> ReadAfterAsync(string channel, long afterId, CancellationToken cancellationToken)
    {
        var connection = await database.OpenAsync(database.PrimarySource, cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var kept = await connection.QueryAsync<(long Id, string Event, string Data)>(new CommandDefinition(
                "select id, event, data from bunbase_realtime_messages where channel = @Channel and id > @After order by id",
                new { Channel = channel, After = afterId }, cancellationToken: cancellationToken)).ConfigureAwait(false);
            var latest = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
                "select last_id from bunbase_realtime_channels where channel = @Channel", new { Channel = channel }, cancellationToken: cancellationToken)).ConfigureAwait(false);
            return HistoryRead.Of([.. kept.Select(k => new RealtimeMessage(channel, k.Id, k.Event, k.Data))], afterId, latest);
        }
    }

    /// <summary>Forgets channels idle longer than <c>realtime.historySeconds</c> and their messages.</summary>
    public async Task SweepAsync(CancellationToken cancellationToken)
    {
        var connection = await database.OpenAsync(database.PrimarySource, cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            await connection.ExecuteAsync(new CommandDefinition("""
                delete from bunbase_realtime_messages where created_at < now() - make_interval(secs => @Seconds);
                delete from bunbase_realtime_channels where updated_at < now() - make_interval(secs => @Seconds);
                """, new { Seconds = (double)options.Realtime.HistorySeconds }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        }
    }
}
