using Bunbase.Runtime.Data;
using Dapper;
using Npgsql;
using NpgsqlTypes;

namespace Bunbase.Runtime.ActionLog;

/// <summary>
/// The run log on PostgreSQL: a batch is one binary COPY on a small pool of its own (COPY cannot
/// share a multiplexed connection, and flushes never take a request's connection). A retry that
/// may find its rows already there copies into a temporary table and inserts what is missing.
/// </summary>
internal sealed class PostgresActionRunStore(Database database, NpgsqlDataSource writer) : IActionRunStore
{
    private const string Copy = "copy {0} (" + ActionRunSchema.Columns + ") from stdin (format binary)";

    public Task EnsureSchemaAsync(CancellationToken cancellationToken) => ActionRunSchema.EnsureAsync(database, cancellationToken);

    public Task EnsureIndexesAsync(CancellationToken cancellationToken) => ActionRunIndexes.EnsureAsync(writer, cancellationToken);

    public async Task WriteAsync(IReadOnlyList<StoredRun> batch, bool mayExist, CancellationToken cancellationToken)
    {
        var connection = await writer.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            if (!mayExist)
            {
                await CopyAsync(connection, "bunbase_action_runs", batch, cancellationToken).ConfigureAwait(false);
                return;
            }

            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                await connection.ExecuteAsync(new CommandDefinition(
                    "create temporary table bunbase_action_runs_retry (like bunbase_action_runs) on commit drop", transaction: transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
                await CopyAsync(connection, "bunbase_action_runs_retry", batch, cancellationToken).ConfigureAwait(false);
                await connection.ExecuteAsync(new CommandDefinition(
                    "insert into bunbase_action_runs select * from bunbase_action_runs_retry on conflict (id) do nothing", transaction: transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Data exceptions (class 22) and integrity constraint violations (class 23).</summary>
    public bool Rejects(Exception exception) =>
        exception is PostgresException { SqlState: var state } && (state.StartsWith("22", StringComparison.Ordinal) || state.StartsWith("23", StringComparison.Ordinal));

    public Task<IReadOnlyList<StoredRun>> ListAsync(RunFilter filter, CancellationToken cancellationToken) =>
        ActionRunSchema.ListAsync(database, filter, cancellationToken);

    public Task<int> DeleteStartedBeforeAsync(DateTimeOffset cutoff, int batchSize, CancellationToken cancellationToken) =>
        ActionRunSchema.DeleteStartedBeforeAsync(database, cutoff, batchSize, cancellationToken);

    public ValueTask DisposeAsync() => writer.DisposeAsync();

    private static async Task CopyAsync(NpgsqlConnection connection, string table, IReadOnlyList<StoredRun> batch, CancellationToken cancellationToken)
    {
        var import = await connection.BeginBinaryImportAsync(string.Format(System.Globalization.CultureInfo.InvariantCulture, Copy, table), cancellationToken).ConfigureAwait(false);
        await using (import.ConfigureAwait(false))
        {
            // Synchronous writes: rows go into the importer's buffer, and only a full buffer touches the
            // socket (loopback or LAN, briefly); per-column awaits cost about as much as the encoding.
            foreach (var run in batch)
            {
                import.StartRow();
                import.Write(run.Id, NpgsqlDbType.Uuid);
                import.Write(run.Action, NpgsqlDbType.Text);
                import.Write(run.Trigger, NpgsqlDbType.Text);
                import.Write(run.Status, NpgsqlDbType.Text);
                WriteNullable(import, run.HttpStatus is { } status ? (short?)status : null, NpgsqlDbType.Smallint);
                import.Write(run.DurationMs, NpgsqlDbType.Double);
                import.Write(run.TraceId, NpgsqlDbType.Text);
                WriteNullable(import, run.SpanId, NpgsqlDbType.Text);
                WriteNullable(import, run.UserId, NpgsqlDbType.Text);
                import.Write(run.Attempt, NpgsqlDbType.Integer);
                import.Write(run.StartedAt.UtcDateTime, NpgsqlDbType.TimestampTz);
                WriteNullable(import, run.ErrorType, NpgsqlDbType.Text);
                WriteNullable(import, run.ErrorMessage, NpgsqlDbType.Text);
                WriteNullable(import, run.Input, NpgsqlDbType.Jsonb);
                WriteNullable(import, run.Output, NpgsqlDbType.Jsonb);
                WriteNullable(import, run.Published, NpgsqlDbType.Jsonb);
            }

            await import.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static void WriteNullable(NpgsqlBinaryImporter import, string? value, NpgsqlDbType type)
    {
        if (value is null)
            import.WriteNull();
        else
            import.Write(value, type);
    }

    private static void WriteNullable(NpgsqlBinaryImporter import, short? value, NpgsqlDbType type)
    {
        if (value is { } number)
            import.Write(number, type);
        else
            import.WriteNull();
    }
}
