namespace Bunbase.Runtime.ActionLog;

/// <summary>Where the run log's rows live: PostgreSQL (binary COPY) or the embedded SQLite file.</summary>
internal interface IActionRunStore : IAsyncDisposable
{
    Task EnsureSchemaAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Builds the indexes for the Studio's filters where the store has them (PostgreSQL), without blocking the log's
    /// writes; run in the background after start, and cancelled by shutdown.
    /// </summary>
    Task EnsureIndexesAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Writes a batch in one transaction: all of it or none. <paramref name="mayExist"/> is set when
    /// retrying a batch whose earlier attempt may have committed without our knowing (the connection
    /// broke during the commit): rows already there are then skipped, so a retry never duplicates.
    /// </summary>
    Task WriteAsync(IReadOnlyList<StoredRun> batch, bool mayExist, CancellationToken cancellationToken);

    /// <summary>Whether the database refused the data itself (a constraint, a value it cannot store), as opposed to being unreachable: such a batch fails the same way however often it is retried.</summary>
    bool Rejects(Exception exception);

    Task<IReadOnlyList<StoredRun>> ListAsync(RunFilter filter, CancellationToken cancellationToken);

    /// <summary>Deletes at most <paramref name="batchSize"/> runs started before <paramref name="cutoff"/>; returns how many.</summary>
    Task<int> DeleteStartedBeforeAsync(DateTimeOffset cutoff, int batchSize, CancellationToken cancellationToken);
}
