using System.Collections.Concurrent;

namespace Bunbase.Runtime.Auth.Sessions;

/// <summary>
/// Sign-out that holds on every instance: one record per user in the shared store
/// (<see cref="UserSessions"/>), read at most once per <c>auth.revocationCacheFor</c> per user and
/// instance, and checked on every request. So a revoked token stops working everywhere within that
/// bound, and at once on the instance that revoked it. Writes are compare-and-set loops, so
/// concurrent sign-outs from several instances all land.
/// </summary>
/// <remarks>
/// "Everywhere" is a generation counter, not a time: a sign-in reads the user's generation from the
/// store and its token carries it, and "sign out everywhere" increments it. No wall clock is
/// compared, so neither a sign-in in the same millisecond as the sign-out nor instances whose
/// clocks disagree can let a session survive it.
/// </remarks>
internal sealed class SessionRevocations(AuthStore store, AuthSettings settings, TimeProvider clock, IEnumerable<ISessionsEndedListener> listeners)
{
    /// <summary>Past this many individually revoked live sessions, a user's sessions are all ended instead (bounded records).</summary>
    internal const int MaxRevokedPerUser = 500;

    private const int MaxCachedUsers = 100_000;
    private const int MaxWriteAttempts = 16;

    /// <summary>After a failed read, the store is tried again this soon (not only after the cache period).</summary>
    private static readonly long FailureRetryTicks = TimeSpan.FromSeconds(1).Ticks;

    private readonly ConcurrentDictionary<string, CachedRecord> _cache = new(StringComparer.Ordinal);
    private readonly long _cacheTicks = settings.RevocationCacheFor.Ticks;
    private readonly TimeSpan _recordLifetime = settings.AbsoluteExpiresIn + settings.ClockSkew;
    private readonly Lock _sweep = new();
    private readonly ISessionsEndedListener[] _listeners = [.. listeners];

    /// <summary>Whether the ticket was revoked; <see cref="SessionFailure.StoreUnavailable"/> when that cannot be known (policy Closed).</summary>
    public ValueTask<SessionFailure> CheckAsync(SessionTicket ticket, DateTimeOffset at)
    {
        var now = at.UtcTicks;
        if (_cache.TryGetValue(ticket.User.Id, out var cached) && cached.Read.IsCompleted && now - cached.ReadAt < (cached.Failed ? FailureRetryTicks : _cacheTicks))
            return ValueTask.FromResult(Decide(ticket, cached));
        return CheckSlowAsync(ticket, cached, now);
    }

    /// <summary>Ends one session everywhere.</summary>
    public Task RevokeAsync(SessionTicket ticket, CancellationToken cancellationToken) =>
        RevokeAsync(ticket.User.Id, ticket.SessionId, ticket.SignedInAt, cancellationToken);

    /// <summary>Ends one session of a user everywhere, by its id (a device list's "sign out this device").</summary>
    public Task RevokeAsync(string userId, string sessionId, DateTimeOffset signedInAt, CancellationToken cancellationToken)
    {
        var latestExpiry = (signedInAt + settings.AbsoluteExpiresIn + settings.ClockSkew).ToUnixTimeMilliseconds();
        return UpdateAsync(userId, (record, nowMs) =>
        {
            var live = record.Revoked.Where(r => r.Value > nowMs).ToDictionary(StringComparer.Ordinal);
            if (live.Count >= MaxRevokedPerUser)
                return new UserSessions(record.Generation + 1, []);
            live[sessionId] = latestExpiry;
            return record with { Revoked = live };
        }, cancellationToken);
    }

    /// <summary>Ends every session of the user issued so far: the next generation begins.</summary>
    public Task RevokeAllAsync(string userId, CancellationToken cancellationToken) =>
        UpdateAsync(userId, (record, _) => new UserSessions(record.Generation + 1, []), cancellationToken);

    /// <summary>
    /// The generation a new session of the user starts in, read from the store itself (never from
    /// the cache, which may predate a "sign out everywhere" made on another instance).
    /// </summary>
    /// <remarks>
    /// A record past generation 0 is written back unchanged, which renews its expiry: the record
    /// then outlives every session that carries its generation, so it can never expire and start
    /// counting from 0 again under a live session. When the store cannot be read the session gets
    /// generation 0: if the user ever signed out everywhere, it ends as soon as the store answers
    /// again (the safe side), and sign-in itself never fails for it.
    /// </remarks>
    public async Task<long> GenerationForSignInAsync(string userId, CancellationToken cancellationToken)
    {
        var key = Key(userId);
        try
        {
            for (var attempt = 0; attempt < MaxWriteAttempts; attempt++)
            {
                var current = await store.Get<UserSessions>(key, cancellationToken).ConfigureAwait(false);
                // The cache is left alone: a record read here could replace a newer one a concurrent
                // sign-out on this instance just cached. A stale cached generation only ever accepts
                // the new session (its generation is at least as high), never an ended one.
                if (current is null || current.Generation == 0
                    || await store.CompareAndSet(key, current, current, _recordLifetime, cancellationToken).ConfigureAwait(false))
                    return current?.Generation ?? 0;
            }
        }
        catch (Exception ex) when (AuthStore.IsUnavailable(ex))
        {
            store.OnFailure("sign-in", ex);
        }

        return 0;
    }

    private async ValueTask<SessionFailure> CheckSlowAsync(SessionTicket ticket, CachedRecord? stale, long now)
    {
        // A read already under way serves every request that needs it.
        if (stale is { Read.IsCompleted: false })
        {
            await stale.Read.ConfigureAwait(false);
            return Decide(ticket, stale);
        }

        var userId = ticket.User.Id;
        var pending = new TaskCompletionSource<UserSessions?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var fresh = new CachedRecord(now, pending.Task, stale?.LastRead);
        var installed = stale is null ? _cache.TryAdd(userId, fresh) : _cache.TryUpdate(userId, fresh, stale);
        if (!installed && _cache.TryGetValue(userId, out var other))
        {
            await other.Read.ConfigureAwait(false);
            return Decide(ticket, other);
        }

        pending.SetResult(await ReadAsync(userId).ConfigureAwait(false));
        if (installed && stale is null && _cache.Count > MaxCachedUsers)
            Sweep(now);
        return Decide(ticket, fresh);
    }

    private async Task<UserSessions?> ReadAsync(string userId)
    {
        try
        {
            return await store.Get<UserSessions>(Key(userId), CancellationToken.None).ConfigureAwait(false) ?? UserSessions.None;
        }
        catch (Exception ex) when (AuthStore.IsUnavailable(ex))
        {
            store.OnFailure("revocation check", ex);
            return null;
        }
    }

    private SessionFailure Decide(SessionTicket ticket, CachedRecord cached)
    {
        var record = cached.Read.Result ?? (store.Policy == Configuration.SessionStoreFailurePolicy.Open ? cached.LastRead ?? UserSessions.None : null);
        return record is null ? SessionFailure.StoreUnavailable
            : record.Revokes(ticket) ? SessionFailure.Revoked
            : SessionFailure.None;
    }

    private async Task UpdateAsync(string userId, Func<UserSessions, long, UserSessions> change, CancellationToken cancellationToken)
    {
        var key = Key(userId);
        DateTimeOffset? allEndedAt = null;
        try
        {
            for (var attempt = 0; ; attempt++)
            {
                if (attempt == MaxWriteAttempts)
                    throw Unstored();
                var current = await store.Get<UserSessions>(key, cancellationToken).ConfigureAwait(false);
                var now = clock.GetUtcNow();
                var updated = change(current ?? UserSessions.None, now.ToUnixTimeMilliseconds());
                var written = current is null
                    ? await store.SetIfNotExists(key, updated, _recordLifetime, cancellationToken).ConfigureAwait(false)
                    : await store.CompareAndSet(key, current, updated, _recordLifetime, cancellationToken).ConfigureAwait(false);
                if (!written)
                    continue;

                // This instance knows at once.
                _cache[userId] = new CachedRecord(now.UtcTicks, Task.FromResult<UserSessions?>(updated), updated);
                if (updated.Generation > (current?.Generation ?? 0))
                    allEndedAt = now;
                break;
            }
        }
        catch (Exception ex) when (AuthStore.IsUnavailable(ex))
        {
            store.OnFailure("sign-out", ex);
            throw Unstored();
        }

        // Outside the store's failure handling: the sign-out is stored (listeners log their own failures).
        if (allEndedAt is { } endedAt)
        {
            foreach (var listener in _listeners)
                await listener.AllEndedAsync(userId, endedAt, cancellationToken).ConfigureAwait(false);
        }
    }

    private static ActionException Unstored() => new(503, "session_store_unavailable", "The sign-out could not be stored; try again shortly.");

    private void Sweep(long now)
    {
        if (!_sweep.TryEnter())
            return;
        try
        {
            foreach (var (userId, cached) in _cache)
            {
                if (now - cached.ReadAt >= _cacheTicks)
                    _cache.TryRemove(new KeyValuePair<string, CachedRecord>(userId, cached));
            }
        }
        finally
        {
            _sweep.Exit();
        }
    }

    private static string Key(string userId) => AuthStore.Key("u", userId);

    /// <summary>One read of a user's record (shared by the requests that need it at once), and the last good one before it.</summary>
    private sealed class CachedRecord(long readAt, Task<UserSessions?> read, UserSessions? previous)
    {
        public long ReadAt { get; } = readAt;

        /// <summary>The record; null when the store could not be read.</summary>
        public Task<UserSessions?> Read { get; } = read;

        public bool Failed => Read.IsCompletedSuccessfully && Read.Result is null;

        public UserSessions? LastRead => Read.IsCompletedSuccessfully && Read.Result is { } record ? record : previous;
    }
}
