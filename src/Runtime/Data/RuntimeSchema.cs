using Dapper;

namespace Bunbase.Runtime.Data;

/// <summary>
/// Creates the runtime's own tables (jobs, run log) at start: idempotent DDL (<c>if not exists</c>),
/// applied by every instance. On PostgreSQL it runs under a transaction-scoped advisory lock,
/// because concurrent <c>create table if not exists</c> can still collide on the catalog; a
/// transaction lock also works on multiplexed connections. An app's own schema belongs in migrations.
/// </summary>
internal static class RuntimeSchema
{
    /// <summary>"bunbase#" in ASCII: the lock for runtime DDL (migrations use another key).</summary>
    private const long LockKey = 0x62756e6261736523;

    public static async Task EnsureAsync(Database database, string postgreSql, string sqlite, CancellationToken cancellationToken)
    {
        var connection = await database.OpenAsync(database.PrimarySource, cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                if (database.Backend == DatabaseBackend.PostgreSql)
                    await connection.ExecuteAsync(new CommandDefinition("select pg_advisory_xact_lock(@LockKey)", new { LockKey }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
                var ddl = database.Backend == DatabaseBackend.PostgreSql ? postgreSql : sqlite;
                await connection.ExecuteAsync(new CommandDefinition(ddl, transaction: transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
