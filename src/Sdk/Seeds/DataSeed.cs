namespace Bunbase;

/// <summary>
/// Development data written in C#, for what a SQL seed file cannot do well: hashing passwords, calling
/// actions so their validation and side effects apply, generating many rows. Name it with
/// <see cref="SeedAttribute"/>; <c>bunbase seed run</c> applies it once, in version order with the SQL
/// files of <c>seeds/</c>, and records it in <c>bunbase_seeds</c>.
/// </summary>
/// <remarks>
/// <see cref="RunAsync"/> runs as a trusted invocation (guards do not apply) inside one database
/// transaction: <c>context.Db</c>, and actions called with <c>context.CallAsync</c>, write in it, and the
/// seed's history record commits with them, so a seed that throws leaves nothing behind and is tried
/// again by the next run. A new instance is created for each run; constructor parameters are resolved
/// from the application's services.
/// </remarks>
public abstract class DataSeed
{
    /// <summary>Writes the seed's data.</summary>
    /// <param name="context">The database, key-value store, queue, auth helpers and nested calls, as an action has them.</param>
    /// <param name="cancellationToken">Cancelled when the command is interrupted.</param>
    /// <returns>A task that completes when the data is written.</returns>
    public abstract Task RunAsync(ActionContext context, CancellationToken cancellationToken);
}
