using Bunbase.Runtime.Data;
using Dapper;

namespace Bunbase.Runtime.ActionLog;

/// <summary>The run log in the embedded SQLite file: a batch is one transaction of prepared inserts; a row already there is skipped.</summary>
internal sealed class SqliteActionRunStore(Database database) : IActionRunStore
{
    private const string Insert = "insert or ignore into bunbase_action_runs (" + ActionRunSchema.Columns + """
        ) values (@Id, @Action, @Trigger, @Status, @HttpStatus, @DurationMs, @TraceId, @SpanId, @UserId, @Attempt, @StartedAt, @ErrorType, @ErrorMessage, @Input, @Output, @Published)
        """;

    public Task EnsureSchemaAsync(CancellationToken cancellationToken) => ActionRunSchema.EnsureAsync(database, cancellationToken);

    /// <summary>None: the embedded file has one writer, and its filters read the table.</summary>
    public Task EnsureIndexesAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task WriteAsync(IReadOnlyList<StoredRun> batch, bool mayExist, CancellationToken cancellationToken) =>
        database.OnPrimaryAsync(
            async connection =>
            {
                var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                await using (transaction.ConfigureAwait(false))
                {
                    await connection.ExecuteAsync(new CommandDefinition(Insert, batch, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
                    await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                }

                return 0;
            },
            cancellationToken);

    /// <summary>SQLITE_CONSTRAINT, SQLITE_TOOBIG and SQLITE_MISMATCH (most constraints are already ignored by the insert).</summary>
    public bool Rejects(Exception exception) =>
        exception is Microsoft.Data.Sqlite.SqliteException { SqliteErrorCode: 18 or 19 or 20 };

    public Task<IReadOnlyList<StoredRun>> ListAsync(RunFilter filter, CancellationToken cancellationToken) =>
        ActionRunSchema.ListAsync(database, filter, cancellationToken);

    public Task<int> DeleteStartedBeforeAsync(DateTimeOffset cutoff, int batchSize, CancellationToken cancellationToken) =>
        ActionRunSchema.DeleteStartedBeforeAsync(database, cutoff, batchSize, cancellationToken);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
