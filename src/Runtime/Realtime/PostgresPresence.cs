using Bunbase.Runtime.Configuration;
using Bunbase.Runtime.Data;
using Dapper;

namespace Bunbase.Runtime.Realtime;

/// <summary>
/// Presence in <c>bunbase_realtime_presence</c> (created with the backplane's tables), expiries on the
/// database's clock. <c>delete ... returning</c> gives a swept member to one instance only, so a leave
/// is announced once.
/// </summary>
internal sealed class PostgresPresence(Database database, BunbaseOptions options) : IPresenceStore
{
    private readonly double _ttlSeconds = options.Realtime.PresenceTtlMs / 1000.0;

    public async Task<bool> JoinAsync(string channel, ChannelMember member, CancellationToken cancellationToken) =>
        await ExecuteAsync("""
            insert into bunbase_realtime_presence (channel, connection_id, user_id, joined_at, expires_at)
            values (@Channel, @Id, @User, @Joined, now() + make_interval(secs => @Ttl)) on conflict do nothing
            """, new { Channel = channel, Id = member.ConnectionId, User = member.UserId, Joined = member.JoinedAt, Ttl = _ttlSeconds }, cancellationToken).ConfigureAwait(false) > 0;

    public async Task<bool> LeaveAsync(string channel, string connectionId, CancellationToken cancellationToken) =>
        await ExecuteAsync("delete from bunbase_realtime_presence where channel = @Channel and connection_id = @Id",
            new { Channel = channel, Id = connectionId }, cancellationToken).ConfigureAwait(false) > 0;

    public async Task<IReadOnlyList<(string Channel, string ConnectionId)>> RenewAsync(IReadOnlyList<(string Channel, string ConnectionId)> members, CancellationToken cancellationToken)
    {
        var connection = await database.OpenAsync(database.PrimarySource, cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var renewed = await connection.QueryAsync<(string Channel, string ConnectionId)>(new CommandDefinition("""
                update bunbase_realtime_presence p set expires_at = now() + make_interval(secs => @Ttl)
                from unnest(@Channels, @Ids) as m(channel, connection_id)
                where p.channel = m.channel and p.connection_id = m.connection_id
                returning p.channel, p.connection_id
                """, new { Channels = members.Select(m => m.Channel).ToArray(), Ids = members.Select(m => m.ConnectionId).ToArray(), Ttl = _ttlSeconds }, cancellationToken: cancellationToken)).ConfigureAwait(false);
            return [.. members.Except(renewed)];
        }
    }

    public async Task<IReadOnlyList<ChannelMember>> MembersAsync(string channel, CancellationToken cancellationToken)
    {
        var connection = await database.OpenAsync(database.PrimarySource, cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var rows = await connection.QueryAsync<(string Id, string? User, DateTime Joined)>(new CommandDefinition(
                "select connection_id, user_id, joined_at from bunbase_realtime_presence where channel = @Channel and expires_at > now() order by joined_at",
                new { Channel = channel }, cancellationToken: cancellationToken)).ConfigureAwait(false);
            return [.. rows.Select(r => new ChannelMember(r.Id, r.User, new DateTimeOffset(DateTime.SpecifyKind(r.Joined, DateTimeKind.Utc))))];
        }
    }

    public async Task<IReadOnlyList<(string Channel, ChannelMember Member)>> SweepAsync(CancellationToken cancellationToken)
    {
        var connection = await database.OpenAsync(database.PrimarySource, cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var rows = await connection.QueryAsync<(string Channel, string Id, string? User, DateTime Joined)>(new CommandDefinition(
                "delete from bunbase_realtime_presence where expires_at <= now() returning channel, connection_id, user_id, joined_at",
                cancellationToken: cancellationToken)).ConfigureAwait(false);
            return [.. rows.Select(r => (r.Channel, new ChannelMember(r.Id, r.User, new DateTimeOffset(DateTime.SpecifyKind(r.Joined, DateTimeKind.Utc)))))];
        }
    }

    private async Task<int> ExecuteAsync(string sql, object parameters, CancellationToken cancellationToken)
    {
        var connection = await database.OpenAsync(database.PrimarySource, cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
            return await connection.ExecuteAsync(new CommandDefinition(sql, parameters, cancellationToken: cancellationToken)).ConfigureAwait(false);
    }
}
