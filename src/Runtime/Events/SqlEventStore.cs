using System.Data.Common;
using Bunbase.Runtime.Data;
using Dapper;

namespace Bunbase.Runtime.Events;

/// <summary>
/// Events in the database. Reads are the same SQL on both engines; appending and numbering differ
/// (<c>SqlEventStore.PostgreSql.cs</c>, <c>SqlEventStore.Sqlite.cs</c>).
/// </summary>
internal sealed partial class SqlEventStore(Database database, TimeProvider clock) : IEventStore
{
    private const string Columns = "global_position, id, stream, category, version, type, partition_key, data, metadata, created_at";

    public DatabaseBackend Backend => database.Backend;

    /// <summary>Whether an event has its global position once its transaction commits (the embedded file), rather than from the sequencer.</summary>
    public bool SequencesAtInsert => database.Backend == DatabaseBackend.Sqlite;

    public Task EnsureSchemaAsync(CancellationToken cancellationToken) =>
        RuntimeSchema.EnsureAsync(database, EventSchema.PostgreSql, EventSchema.Sqlite, cancellationToken);

    public Task<PublishedEvent> AppendAsync(NewEvent newEvent, DatabaseTransaction? transaction, CancellationToken cancellationToken)
    {
        if (transaction is not null)
            return AppendInAsync(transaction.Connection, transaction.DbTransaction, newEvent, cancellationToken);
        return database.OnPrimaryAsync(
            async connection =>
            {
                var own = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                await using (own.ConfigureAwait(false))
                {
                    var published = await AppendInAsync(connection, own, newEvent, cancellationToken).ConfigureAwait(false);
                    await own.CommitAsync(cancellationToken).ConfigureAwait(false);
                    return published;
                }
            },
            cancellationToken);
    }

    public Task<IReadOnlyList<StoredEvent>> ReadStreamAsync(string stream, long fromVersion, int limit, CancellationToken cancellationToken) =>
        QueryAsync<StoredEvent>(
            $"select {Columns} from bunbase_events where stream = @Stream and version >= @From order by version limit @Limit",
            new { Stream = stream, From = fromVersion, Limit = limit },
            cancellationToken);

    public Task<IReadOnlyList<StoredEvent>> ReadCategoryAsync(string? category, long afterPosition, int limit, CancellationToken cancellationToken) =>
        QueryAsync<StoredEvent>(
            category is null
                ? $"select {Columns} from bunbase_events where global_position > @After order by global_position limit @Limit"
                : $"select {Columns} from bunbase_events where category = @Category and global_position > @After order by global_position limit @Limit",
            new { Category = category, After = afterPosition, Limit = limit },
            cancellationToken);

    public async Task<StoredEvent?> ReadLastAsync(string stream, CancellationToken cancellationToken) =>
        (await QueryAsync<StoredEvent>(
            $"select {Columns} from bunbase_events where stream = @Stream order by version desc limit 1",
            new { Stream = stream },
            cancellationToken).ConfigureAwait(false)).FirstOrDefault();

    public Task<IReadOnlyList<StreamSummary>> ListStreamsAsync(string? category, int limit, CancellationToken cancellationToken) =>
        QueryAsync<StreamSummary>(
            category is null
                ? "select stream, category, version, updated_at from bunbase_event_streams order by updated_at desc, stream limit @Limit"
                : "select stream, category, version, updated_at from bunbase_event_streams where category = @Category order by updated_at desc, stream limit @Limit",
            new { Category = category, Limit = limit },
            cancellationToken);

    private Task<PublishedEvent> AppendInAsync(DbConnection connection, DbTransaction transaction, NewEvent newEvent, CancellationToken cancellationToken) =>
        database.Backend == DatabaseBackend.PostgreSql
            ? AppendPostgresAsync(connection, transaction, newEvent, cancellationToken)
            : AppendSqliteAsync(connection, transaction, newEvent, cancellationToken);

    private long Now() => clock.GetUtcNow().ToUnixTimeMilliseconds();

    private Task<IReadOnlyList<T>> QueryAsync<T>(string sql, object? parameters, CancellationToken cancellationToken) =>
        database.OnPrimaryAsync(
            async c => (IReadOnlyList<T>)(await c.QueryAsync<T>(new CommandDefinition(sql, parameters, cancellationToken: cancellationToken)).ConfigureAwait(false)).AsList(),
            cancellationToken);
}
