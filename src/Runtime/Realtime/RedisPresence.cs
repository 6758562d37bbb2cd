using System.Globalization;
using Bunbase.Runtime.Configuration;
using StackExchange.Redis;

namespace Bunbase.Runtime.Realtime;

/// <summary>
/// Presence in Redis: per channel a sorted set of connection ids scored by expiry (milliseconds, the
/// instances' clocks) and a hash of who they are, plus the set of channels with members for the
/// sweep. <c>ZREM</c> answers 1 to one caller only, so a leave is announced once.
/// </summary>
internal sealed class RedisPresence(IConnectionMultiplexer redis, BunbaseOptions options, TimeProvider clock) : IPresenceStore
{
    private readonly string _prefix = options.Name + ":rt:";
    private readonly RedisKey _channels = options.Name + ":rt:presence";
    private readonly long _ttlMs = options.Realtime.PresenceTtlMs;

    public Task<bool> JoinAsync(string channel, ChannelMember member, CancellationToken cancellationToken) =>
        RealtimeUnavailableException.OnRedisAsync(JoinOnceAsync(channel, member, cancellationToken));

    public Task<bool> LeaveAsync(string channel, string connectionId, CancellationToken cancellationToken) =>
        RealtimeUnavailableException.OnRedisAsync(LeaveOnceAsync(channel, connectionId, cancellationToken));

    public Task<IReadOnlyList<ChannelMember>> MembersAsync(string channel, CancellationToken cancellationToken) =>
        RealtimeUnavailableException.OnRedisAsync(MembersOnceAsync(channel, cancellationToken));

    private async Task<bool> JoinOnceAsync(string channel, ChannelMember member, CancellationToken cancellationToken)
    {
        var db = redis.GetDatabase();
        var batch = db.CreateBatch();
        var added = batch.SortedSetAddAsync(Set(channel), member.ConnectionId, Expiry(), SortedSetWhen.NotExists);
        var info = batch.HashSetAsync(Info(channel), member.ConnectionId, $"{member.JoinedAt.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)}\n{member.UserId}");
        var listed = batch.SetAddAsync(_channels, channel);
        batch.Execute();
        await Task.WhenAll(added, info, listed).WaitAsync(cancellationToken).ConfigureAwait(false);
        return added.Result;
    }

    private async Task<bool> LeaveOnceAsync(string channel, string connectionId, CancellationToken cancellationToken)
    {
        var db = redis.GetDatabase();
        if (!await db.SortedSetRemoveAsync(Set(channel), connectionId).WaitAsync(cancellationToken).ConfigureAwait(false))
            return false;
        await db.HashDeleteAsync(Info(channel), connectionId).WaitAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    public async Task<IReadOnlyList<(string Channel, string ConnectionId)>> RenewAsync(IReadOnlyList<(string Channel, string ConnectionId)> members, CancellationToken cancellationToken)
    {
        var db = redis.GetDatabase();
        var expiry = Expiry();
        var batch = db.CreateBatch();
        var writes = new List<Task>();
        var scores = new List<((string, string) Member, Task<double?> Score)>();
        foreach (var group in members.GroupBy(m => m.Channel))
        {
            writes.Add(batch.SortedSetAddAsync(Set(group.Key), [.. group.Select(m => new SortedSetEntry(m.ConnectionId, expiry))], SortedSetWhen.Exists));
            writes.Add(batch.SetAddAsync(_channels, group.Key));
            foreach (var member in group)
                scores.Add((member, batch.SortedSetScoreAsync(Set(group.Key), member.ConnectionId)));
        }

        batch.Execute();
        await Task.WhenAll(writes.Concat(scores.Select(s => s.Score))).WaitAsync(cancellationToken).ConfigureAwait(false);
        return [.. scores.Where(s => s.Score.Result is null).Select(s => s.Member)];
    }

    private async Task<IReadOnlyList<ChannelMember>> MembersOnceAsync(string channel, CancellationToken cancellationToken)
    {
        var db = redis.GetDatabase();
        var ids = await db.SortedSetRangeByScoreAsync(Set(channel), clock.GetUtcNow().ToUnixTimeMilliseconds(), double.PositiveInfinity).WaitAsync(cancellationToken).ConfigureAwait(false);
        if (ids.Length == 0)
            return [];
        var infos = await db.HashGetAsync(Info(channel), ids).WaitAsync(cancellationToken).ConfigureAwait(false);
        return [.. ids.Select((id, i) => Member((string)id!, infos[i])).OrderBy(m => m.JoinedAt)];
    }

    public async Task<IReadOnlyList<(string Channel, ChannelMember Member)>> SweepAsync(CancellationToken cancellationToken)
    {
        var db = redis.GetDatabase();
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var gone = new List<(string, ChannelMember)>();
        foreach (var value in await db.SetMembersAsync(_channels).WaitAsync(cancellationToken).ConfigureAwait(false))
        {
            var channel = (string)value!;
            foreach (var id in await db.SortedSetRangeByScoreAsync(Set(channel), double.NegativeInfinity, now).WaitAsync(cancellationToken).ConfigureAwait(false))
            {
                var info = await db.HashGetAsync(Info(channel), id).WaitAsync(cancellationToken).ConfigureAwait(false);
                if (await db.SortedSetRemoveAsync(Set(channel), id).WaitAsync(cancellationToken).ConfigureAwait(false))
                {
                    await db.HashDeleteAsync(Info(channel), id).WaitAsync(cancellationToken).ConfigureAwait(false);
                    gone.Add((channel, Member((string)id!, info)));
                }
            }

            if (await db.SortedSetLengthAsync(Set(channel)).WaitAsync(cancellationToken).ConfigureAwait(false) == 0)
                await db.SetRemoveAsync(_channels, channel).WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        return gone;
    }

    private double Expiry() => clock.GetUtcNow().ToUnixTimeMilliseconds() + _ttlMs;

    private RedisKey Set(string channel) => _prefix + channel + ":p";

    private RedisKey Info(string channel) => _prefix + channel + ":pm";

    private static ChannelMember Member(string id, RedisValue info)
    {
        var text = (string?)info ?? "0\n";
        var newline = text.IndexOf('\n', StringComparison.Ordinal);
        var joined = long.TryParse(text.AsSpan(0, Math.Max(0, newline)), NumberStyles.None, CultureInfo.InvariantCulture, out var ms) ? ms : 0;
        var user = newline >= 0 && newline + 1 < text.Length ? text[(newline + 1)..] : null;
        return new ChannelMember(id, user, DateTimeOffset.FromUnixTimeMilliseconds(joined));
    }
}
