using System.Data.Common;
using Dapper;

namespace Bunbase.Runtime.Events;

/// <summary>
/// Appending on PostgreSQL: one statement bumps the stream's version (an upsert, which locks the
/// stream row until commit, so one stream's versions commit in order) and inserts the event
/// without a global position. The same id inserted by a racing transaction is left alone
/// (<c>on conflict (id) do nothing</c> waits for that transaction); the version taken for it is
/// then given back, so the caller's transaction is never aborted by a duplicate.
/// </summary>
internal sealed partial class SqlEventStore
{
    private const string ExistingStep = "existing as (select id, stream, version from bunbase_events where id = @Id)";

    /// <summary>No expected version: create the stream or bump it.</summary>
    private const string AnyVersionStep = """
        bumped as (
            insert into bunbase_event_streams as s (stream, category, version)
            select @Stream, @Category, 1 where not exists (select from existing)
            on conflict (stream) do update set version = s.version + 1, updated_at = now()
            returning s.version)
        """;

    /// <summary>Expected version 0: only a new stream.</summary>
    private const string NewStreamStep = """
        bumped as (
            insert into bunbase_event_streams (stream, category, version)
            select @Stream, @Category, 1 where not exists (select from existing)
            on conflict (stream) do nothing
            returning version)
        """;

    /// <summary>An expected version: the update re-checks it on the latest row once the stream is free.</summary>
    private const string ExpectedVersionStep = """
        bumped as (
            update bunbase_event_streams set version = version + 1, updated_at = now()
            where stream = @Stream and version = @Expected and not exists (select from existing)
            returning version)
        """;

    // state: 1 stored, 0 already stored (seen before starting), 2 stored by a racing transaction meanwhile.
    private const string AppendTail = """
        , inserted as (
            insert into bunbase_events (id, stream, category, version, type, partition_key, data, metadata)
            select @Id, @Stream, @Category, b.version, @Type, @PartitionKey, @Data, @Metadata from bumped b
            on conflict (id) do nothing
            returning id, stream, version)
        select id, stream, version, 1 as state from inserted
        union all select id, stream, version, 0 from existing
        union all select null, null, b.version, 2 from bumped b where not exists (select from inserted)
        """;

    private static readonly string AppendAnySql = $"with {ExistingStep}, {AnyVersionStep}{AppendTail}";
    private static readonly string AppendNewSql = $"with {ExistingStep}, {NewStreamStep}{AppendTail}";
    private static readonly string AppendExpectedSql = $"with {ExistingStep}, {ExpectedVersionStep}{AppendTail}";

    private static async Task<PublishedEvent> AppendPostgresAsync(DbConnection connection, DbTransaction transaction, NewEvent e, CancellationToken cancellationToken)
    {
        var sql = e.ExpectedVersion switch
        {
            null => AppendAnySql,
            0 => AppendNewSql,
            _ => AppendExpectedSql,
        };
        var row = await connection.QueryFirstOrDefaultAsync<(Guid? Id, string? Stream, long Version, int State)>(new CommandDefinition(
            sql,
            new { e.Id, e.Stream, e.Category, Expected = e.ExpectedVersion ?? 0, e.Type, e.PartitionKey, e.Data, e.Metadata },
            transaction,
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        switch (row.State)
        {
            case 1:
                return new PublishedEvent(row.Id!.Value, row.Stream!, row.Version, Duplicate: false);
            case 0 when row.Id is not null:
                return new PublishedEvent(row.Id.Value, row.Stream!, row.Version, Duplicate: true);
            case 2:
                // This transaction still holds the stream row: give back the version it took.
                await connection.ExecuteAsync(new CommandDefinition(
                    "delete from bunbase_event_streams where stream = @Stream and version = 1; update bunbase_event_streams set version = version - 1 where stream = @Stream",
                    new { e.Stream },
                    transaction,
                    cancellationToken: cancellationToken)).ConfigureAwait(false);
                break;
        }

        // Nothing stored: either the id was stored by a transaction that committed meanwhile, or the version is wrong.
        var first = await connection.QueryFirstOrDefaultAsync<(Guid Id, string? Stream, long Version)>(new CommandDefinition(
            "select id, stream, version from bunbase_events where id = @Id", new { e.Id }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        if (first.Stream is not null)
            return new PublishedEvent(first.Id, first.Stream, first.Version, Duplicate: true);
        if (row.State == 2)
            throw new ConflictException($"Event {e.Id} is being stored by another transaction that is not visible to this one; try again.", "event_id_in_use");
        var actual = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            "select version from bunbase_event_streams where stream = @Stream", new { e.Stream }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        throw new EventVersionConflictException(e.Stream, e.ExpectedVersion ?? 0, actual ?? 0);
    }
}
