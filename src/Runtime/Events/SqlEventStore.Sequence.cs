using System.Data.Common;
using Dapper;

namespace Bunbase.Runtime.Events;

/// <summary>
/// One sequencer pass on PostgreSQL (see <see cref="EventSequencer"/> for why): under a
/// transaction-scoped advisory lock (one pass at a time in the cluster), take committed unnumbered
/// events in <c>(tx, seq)</c> order, keep for each stream only the run of
/// versions that follows its last numbered one, and number them in one UPDATE.
/// </summary>
internal sealed partial class SqlEventStore
{
    /// <summary>"bunbase@" in ASCII: the sequencer's lock (runtime DDL and migrations use others).</summary>
    internal const long SequencerLockKey = 0x62756e6261736540;

    /// <summary>The channel a pass that numbered events notifies, with the highest position as payload.</summary>
    internal const string SequencedChannel = "bunbase_events";

    /// <summary>The channel that wakes every instance's sequencer (a program that inserts events itself may notify it).</summary>
    internal const string PublishedChannel = "bunbase_events_published";

    // Committed events only (the statement's snapshot sees nothing else), under the lock: a pass's numbers are all
    // above the previous pass's, which readers already see, so an event committed later is numbered later, never
    // below a position a reader has passed. No transaction-id horizon is needed, so a long transaction elsewhere on
    // the server holds back nothing but its own events. A stream's versions commit in order (its row is locked
    // until the publishing transaction ends), so a visible version's predecessor is visible too.
    private const string CandidatesSql = """
        select e.seq, e.stream, e.version, s.sequenced_version
        from (select seq, stream, version, tx from bunbase_events
              where global_position is null
              order by tx, seq limit @Batch) e
        join bunbase_event_streams s on s.stream = e.stream
        order by e.tx, e.seq
        """;

    // Positions are drawn and ranked in one CTE (materialised once), then given to the events in the order of @Seqs.
    private const string NumberSql = """
        with drawn as (select nextval('bunbase_event_position') as position from generate_series(1, @Count)),
        ranked as (select position, row_number() over (order by position) as ord from drawn),
        targets as (select seq, ord from unnest(@Seqs::bigint[]) with ordinality as t(seq, ord)),
        numbered as (
            update bunbase_events e set global_position = r.position
            from targets t join ranked r on r.ord = t.ord
            where e.seq = t.seq
            returning e.global_position),
        streams as (
            update bunbase_event_streams s set sequenced_version = v.version
            from unnest(@Streams::text[], @Versions::bigint[]) as v(stream, version)
            where s.stream = v.stream
            returning 1)
        select max(global_position) from numbered
        """;

    public async Task<SequencePass> SequenceAsync(int batchSize, CancellationToken cancellationToken)
    {
        if (database.Backend != DatabaseBackend.PostgreSql)
            return default;
        return await database.OnPrimaryAsync(
            async connection =>
            {
                var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                await using (transaction.ConfigureAwait(false))
                {
                    var highest = await SequencePassAsync(connection, transaction, batchSize, cancellationToken).ConfigureAwait(false);
                    await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                    return highest;
                }
            },
            cancellationToken).ConfigureAwait(false);
    }

    private static async Task<SequencePass> SequencePassAsync(DbConnection connection, DbTransaction transaction, int batchSize, CancellationToken cancellationToken)
    {
        if (!await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "select pg_try_advisory_xact_lock(@Key)", new { Key = SequencerLockKey }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false))
            return new SequencePass(null, 0, LockBusy: true);

        var candidates = (await connection.QueryAsync<(long Seq, string Stream, long Version, long SequencedVersion)>(new CommandDefinition(
            CandidatesSql, new { Batch = batchSize }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false)).AsList();
        var order = SequencingOrder.Of(candidates);
        if (order.Seqs.Length == 0)
            return default;

        var highest = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            NumberSql,
            new { Count = order.Seqs.Length, order.Seqs, order.Streams, order.Versions },
            transaction,
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(
            "select pg_notify(@Channel, @Payload)",
            new { Channel = SequencedChannel, Payload = highest?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "" },
            transaction,
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        return new SequencePass(highest, order.Seqs.Length, LockBusy: false);
    }
}
