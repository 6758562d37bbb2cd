using Dapper;

namespace Bunbase.Runtime.Events;

/// <summary>
/// One sequencer pass on PostgreSQL (see <see cref="EventSequencer"/> for why): under a
/// transaction-scoped advisory lock (one pass at a time in the cluster), take committed unnumbered
/// events in <c>(tx, seq)</c> order, keep for each stream only the run of
/// versions that follows its last numbered one, and number them in one UPDATE
/// (<c>bunbase_sequence_events</c>, created with the tables).
/// </summary>
internal sealed partial class SqlEventStore
{
    /// <summary>"bunbase@" in ASCII: the sequencer's lock (runtime DDL and migrations use others).</summary>
    internal const long SequencerLockKey = 0x62756e6261736540;

    /// <summary>The channel a pass that numbered events notifies, with the highest position as payload.</summary>
    internal const string SequencedChannel = "bunbase_events";

    /// <summary>The channel that wakes every instance's sequencer (a program that inserts events itself may notify it).</summary>
    internal const string PublishedChannel = "bunbase_events_published";

    // Committed events only (the numbering statement's snapshot, taken once the lock is held, sees nothing else): a
    // pass's numbers are all above the previous pass's, which readers already see, so an event committed later is
    // numbered later, never below a position a reader has passed. No transaction-id horizon is needed, so a long
    // transaction elsewhere on the server holds back nothing but its own events. A stream's versions commit in order
    // (its row is locked until the publishing transaction ends), so a visible version's predecessor is visible too.
    // The pass is one function call outside any explicit transaction (its lock ends with the call): one round trip
    // (EventSchema.SequenceFunction) where the lock, candidates, numbering, notification and commit took five.
    private const string SequenceSql = "select highest_position, numbered_count, lock_busy from bunbase_sequence_events(@Batch, @Key, @Channel)";

    public async Task<SequencePass> SequenceAsync(int batchSize, CancellationToken cancellationToken)
    {
        if (database.Backend != DatabaseBackend.PostgreSql)
            return default;
        var (highest, numbered, busy) = await database.OnPrimaryAsync(
            connection => connection.QuerySingleAsync<(long? Highest, int Numbered, bool Busy)>(new CommandDefinition(
                SequenceSql, new { Batch = batchSize, Key = SequencerLockKey, Channel = SequencedChannel }, cancellationToken: cancellationToken)),
            cancellationToken).ConfigureAwait(false);
        return new SequencePass(highest, numbered, busy);
    }
}
