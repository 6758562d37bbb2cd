using Bunbase.Runtime.Data;
using Dapper;
using Npgsql;

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
        var copy = await connection.BeginRawBinaryCopyAsync(string.Format(System.Globalization.CultureInfo.InvariantCulture, Copy, table), cancellationToken).ConfigureAwait(false);
        using var rows = new BinaryCopyWriter();
        try
        {
            foreach (var run in batch)
            {
                // In the order of ActionRunSchema.Columns.
                rows.StartRow(16);
                rows.Uuid(run.Id);
                rows.Text(run.Action);
                rows.Text(run.Trigger);
                rows.Text(run.Status);
                if (run.HttpStatus is { } status)
                    rows.Int16((short)status);
                else
                    rows.Null();
                rows.Float8(run.DurationMs);
                rows.Text(run.TraceId);
                rows.Text(run.SpanId);
                rows.Text(run.UserId);
                rows.Int32(run.Attempt);
                rows.TimestampTz(run.StartedAt);
                rows.Text(run.ErrorType);
                rows.Text(run.ErrorMessage);
                rows.Jsonb(run.Input);
                rows.Jsonb(run.Output);
                rows.Jsonb(run.Published);
                if (rows.IsFull)
                {
                    await copy.WriteAsync(rows.Written, cancellationToken).ConfigureAwait(false);
                    rows.Clear();
                }
            }

            rows.End();
            await copy.WriteAsync(rows.Written, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Ending the stream would commit the rows sent so far: a batch is written whole or not at all.
            await DiscardAsync(copy).ConfigureAwait(false);
            throw;
        }

        // Ends the COPY: the rows are committed, or the database's refusal is thrown here.
        await copy.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Tells PostgreSQL to drop what this COPY sent. On a broken connection nothing was committed, and the pool discards it.</summary>
    private static async Task DiscardAsync(NpgsqlRawCopyStream copy)
    {
        try
        {
            await copy.CancelAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is NpgsqlException or IOException or InvalidOperationException or OperationCanceledException)
        {
        }
    }
}
