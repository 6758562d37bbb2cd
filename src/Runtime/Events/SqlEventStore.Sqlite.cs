using System.Data.Common;
using Dapper;

namespace Bunbase.Runtime.Events;

/// <summary>
/// Appending to the embedded file: its transactions take the write lock when they begin, so one
/// writer at a time numbers its event (the highest position + 1) and commits before the next
/// can read that highest position; there is nothing for a sequencer to do.
/// </summary>
internal sealed partial class SqlEventStore
{
    private const string SqliteAnyVersion = """
        insert into bunbase_event_streams (stream, category, version, sequenced_version, updated_at) values (@Stream, @Category, 1, 1, @Now)
        on conflict (stream) do update set version = version + 1, sequenced_version = version + 1, updated_at = @Now
        returning version
        """;

    private const string SqliteNewStream = """
        insert into bunbase_event_streams (stream, category, version, sequenced_version, updated_at) values (@Stream, @Category, 1, 1, @Now)
        on conflict (stream) do nothing
        returning version
        """;

    private const string SqliteExpectedVersion = """
        update bunbase_event_streams set version = version + 1, sequenced_version = version + 1, updated_at = @Now
        where stream = @Stream and version = @Expected
        returning version
        """;

    private const string SqliteInsert = """
        insert into bunbase_events (global_position, id, stream, category, version, type, partition_key, data, metadata, created_at)
        values ((select coalesce(max(global_position), 0) + 1 from bunbase_events), @Id, @Stream, @Category, @Version, @Type, @PartitionKey, @Data, @Metadata, @Now)
        """;

    private async Task<PublishedEvent> AppendSqliteAsync(DbConnection connection, DbTransaction transaction, NewEvent e, CancellationToken cancellationToken)
    {
        var first = await connection.QueryFirstOrDefaultAsync<(string? Id, string? Stream, long Version)>(new CommandDefinition(
            "select id, stream, version from bunbase_events where id = @Id", new { e.Id }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        if (first.Stream is not null)
            return new PublishedEvent(Guid.Parse(first.Id!), first.Stream, first.Version, Duplicate: true);

        var now = Now();
        var sql = e.ExpectedVersion switch
        {
            null => SqliteAnyVersion,
            0 => SqliteNewStream,
            _ => SqliteExpectedVersion,
        };
        var version = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            sql, new { e.Stream, e.Category, Expected = e.ExpectedVersion ?? 0, Now = now }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        if (version is null)
        {
            var actual = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
                "select version from bunbase_event_streams where stream = @Stream", new { e.Stream }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
            throw new EventVersionConflictException(e.Stream, e.ExpectedVersion ?? 0, actual ?? 0);
        }

        await connection.ExecuteAsync(new CommandDefinition(
            SqliteInsert,
            new { e.Id, e.Stream, e.Category, Version = version.Value, e.Type, e.PartitionKey, e.Data, e.Metadata, Now = now },
            transaction,
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        return new PublishedEvent(e.Id, e.Stream, version.Value, Duplicate: false);
    }
}
