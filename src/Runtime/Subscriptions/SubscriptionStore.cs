using System.Data.Common;
using Bunbase.Runtime.Data;
using Dapper;

namespace Bunbase.Runtime.Subscriptions;

/// <summary>
/// Subscriptions in the database: partitions with their positions and leases, the instances taking
/// part, and the dead letters; and the reads of <c>bunbase_events</c> a subscription makes. Every write
/// to a partition is fenced by its lease (<c>lease_owner = @Member</c>): an instance that lost a
/// partition cannot move its position.
/// </summary>
internal sealed class SubscriptionStore(Database database, TimeProvider clock)
{
    private readonly SubscriptionStatements _sql = SubscriptionStatements.For(database.Backend);

    public Task EnsureSchemaAsync(CancellationToken cancellationToken) =>
        RuntimeSchema.EnsureAsync(database, SubscriptionSchema.PostgreSql, SubscriptionSchema.Sqlite, cancellationToken);

    /// <summary>Creates a new subscription's partitions; returns how many it has (those stored first win).</summary>
    public Task<int> EnsurePartitionsAsync(string subscription, int partitions, CancellationToken cancellationToken) =>
        ScalarAsync<int>(_sql.EnsurePartitions, new { Subscription = subscription, Partitions = partitions, Now = Now() }, cancellationToken);

    /// <summary>Keeps this instance a member for one more lease; returns how many members are alive.</summary>
    public Task<int> HeartbeatAsync(string subscription, string member, TimeSpan lease, CancellationToken cancellationToken) =>
        ScalarAsync<int>(_sql.Heartbeat, new { Subscription = subscription, Member = member, LeaseMs = Milliseconds(lease), Now = Now() }, cancellationToken);

    public Task LeaveAsync(string subscription, string member, CancellationToken cancellationToken) =>
        ExecuteAsync(_sql.Leave, new { Subscription = subscription, Member = member }, cancellationToken);

    public Task<IReadOnlyList<int>> ExtendLeasesAsync(string subscription, string member, TimeSpan lease, CancellationToken cancellationToken) =>
        QueryAsync<int>(_sql.ExtendLeases, new { Subscription = subscription, Member = member, LeaseMs = Milliseconds(lease), Now = Now() }, cancellationToken);

    public Task<IReadOnlyList<ClaimedPartition>> ClaimAsync(string subscription, string member, TimeSpan lease, int max, CancellationToken cancellationToken) =>
        QueryAsync<ClaimedPartition>(_sql.Claim, new { Subscription = subscription, Member = member, LeaseMs = Milliseconds(lease), Max = max, Now = Now() }, cancellationToken);

    /// <summary>Saves positions of partitions this instance holds (and lets them go when <paramref name="release"/>); returns the partitions it still held.</summary>
    public async Task<IReadOnlyList<int>> SaveAsync(string subscription, string member, IReadOnlyList<KeyValuePair<int, long>> positions, bool release, CancellationToken cancellationToken)
    {
        if (positions.Count == 0)
            return [];
        var statement = release ? _sql.Release : _sql.Save;
        if (_sql.SavesArrays)
        {
            return await QueryAsync<int>(
                statement,
                new { Subscription = subscription, Member = member, Parts = positions.Select(p => p.Key).ToArray(), Positions = positions.Select(p => p.Value).ToArray() },
                cancellationToken).ConfigureAwait(false);
        }

        // One process owns the embedded file: every partition it saves is its own.
        var now = Now();
        await ExecuteAsync(statement, positions.Select(p => new { Subscription = subscription, Member = member, Partition = p.Key, Position = p.Value, Now = now }).ToArray(), cancellationToken).ConfigureAwait(false);
        return [.. positions.Select(p => p.Key)];
    }

    /// <summary>The highest sequenced position: once read, every event up to it is visible.</summary>
    public Task<long> HeadAsync(CancellationToken cancellationToken) => ScalarAsync<long>(_sql.Head, null, cancellationToken);

    /// <summary>
    /// The head (the highest sequenced position, read first: every event up to it is visible to the read
    /// that follows) and the subscription's events after <paramref name="from"/>: two statements, one round trip.
    /// </summary>
    public Task<(long Head, IReadOnlyList<StoredEvent> Events)> ReadAsync(SubscriptionPlan plan, int[] owned, long from, int limit, CancellationToken cancellationToken) =>
        database.OnPrimaryAsync(
            async c =>
            {
                var grid = await c.QueryMultipleAsync(new CommandDefinition(
                    _sql.Head + ";\n" + _sql.Read,
                    new { Types = plan.Types, Categories = plan.Categories, plan.Partitions, Owned = owned, From = from, Limit = limit },
                    cancellationToken: cancellationToken)).ConfigureAwait(false);
                await using (grid.ConfigureAwait(false))
                {
                    var head = await grid.ReadSingleAsync<long>().ConfigureAwait(false);
                    var events = (await grid.ReadAsync<StoredEvent>().ConfigureAwait(false)).AsList();
                    return (head, (IReadOnlyList<StoredEvent>)events);
                }
            },
            cancellationToken);

    public Task ParkAsync(string subscription, StoredEvent parked, int partition, string error, int attempts, CancellationToken cancellationToken) =>
        ExecuteAsync(
            _sql.Park,
            new
            {
                Id = Guid.NewGuid(), Subscription = subscription, EventId = parked.Id, parked.GlobalPosition, parked.Stream, parked.Type, Partition = partition,
                Error = error, Attempts = attempts, Now = Now(),
            },
            cancellationToken);

    public Task<IReadOnlyList<DeadLetter>> ListDeadAsync(string? subscription, int limit, CancellationToken cancellationToken) =>
        QueryAsync<DeadLetter>(_sql.ListDead, new { Subscription = subscription, Limit = limit }, cancellationToken);

    /// <summary>Puts a parked event back: the instance holding its partition handles it again (attempts from 1). False when there is no such parked event.</summary>
    public async Task<bool> RetryDeadAsync(Guid id, CancellationToken cancellationToken)
    {
        var retried = await ExecuteAsync(_sql.RetryDead, new { Id = id }, cancellationToken).ConfigureAwait(false) > 0;
        if (retried && _sql.NotifyRetry is { } notify)
            await ExecuteAsync(notify, null, cancellationToken).ConfigureAwait(false);
        return retried;
    }

    /// <summary>Drops a dead letter without handling it. False when there is no such dead letter.</summary>
    public async Task<bool> SkipDeadAsync(Guid id, CancellationToken cancellationToken) =>
        await ExecuteAsync(_sql.SkipDead, new { Id = id }, cancellationToken).ConfigureAwait(false) > 0;

    public Task<IReadOnlyList<RetryingEvent>> TakeRetryingAsync(string subscription, int[] owned, CancellationToken cancellationToken) =>
        QueryAsync<RetryingEvent>(_sql.TakeRetrying, new { Subscription = subscription, Owned = owned }, cancellationToken);

    public Task ResolveDeadAsync(Guid id, CancellationToken cancellationToken) => ExecuteAsync(_sql.ResolveDead, new { Id = id }, cancellationToken);

    /// <summary>Every subscription's partitions: position, holder and the store's head (<c>bunbase events subscriptions</c>).</summary>
    public async Task<IReadOnlyList<PartitionState>> PartitionsAsync(CancellationToken cancellationToken) =>
        [.. (await QueryAsync<PartitionRow>(_sql.Partitions, new { Now = Now() }, cancellationToken).ConfigureAwait(false))
            .Select(r => new PartitionState(r.Subscription, r.Partition, r.Partitions, r.Position, r.Owner, r.Head))];

    private static long Milliseconds(TimeSpan duration) => (long)duration.TotalMilliseconds;

    private long Now() => clock.GetUtcNow().ToUnixTimeMilliseconds();

    private Task<T> ScalarAsync<T>(string statement, object? parameters, CancellationToken cancellationToken) =>
        database.OnPrimaryAsync(
            async c => (T)Convert.ChangeType((await c.ExecuteScalarAsync(new CommandDefinition(statement, parameters, cancellationToken: cancellationToken)).ConfigureAwait(false))!, typeof(T), System.Globalization.CultureInfo.InvariantCulture),
            cancellationToken);

    private Task<IReadOnlyList<T>> QueryAsync<T>(string statement, object? parameters, CancellationToken cancellationToken) =>
        database.OnPrimaryAsync(
            async c => (IReadOnlyList<T>)(await c.QueryAsync<T>(new CommandDefinition(statement, parameters, cancellationToken: cancellationToken)).ConfigureAwait(false)).AsList(),
            cancellationToken);

    private Task<int> ExecuteAsync(string statement, object? parameters, CancellationToken cancellationToken) =>
        database.OnPrimaryAsync((DbConnection c) => c.ExecuteAsync(new CommandDefinition(statement, parameters, cancellationToken: cancellationToken)), cancellationToken);

    /// <summary>
    /// A row of <see cref="PartitionsAsync"/>, read by property: on SQLite an empty result has no column types (its
    /// expressions read as blobs), which Dapper cannot match to <see cref="PartitionState"/>'s constructor.
    /// </summary>
    private sealed class PartitionRow
    {
        public string Subscription { get; init; } = "";

        public int Partition { get; init; }

        public int Partitions { get; init; }

        public long Position { get; init; }

        public string? Owner { get; init; }

        public long Head { get; init; }
    }
}
