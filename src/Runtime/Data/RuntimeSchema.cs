using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.CompilerServices;
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

    /// <summary>While <see cref="EnsureAllAsync"/> asks the registrations for their DDL: where it is collected.</summary>
    private static readonly AsyncLocal<List<string>?> Collecting = new();

    /// <summary>DDL applied by <see cref="EnsureAllAsync"/> that its capability's own start has not asked for yet.</summary>
    private static readonly ConditionalWeakTable<Database, ConcurrentDictionary<string, byte>> Applied = [];

    public static async Task EnsureAsync(Database database, string postgreSql, string sqlite, CancellationToken cancellationToken)
    {
        if (database.Backend == DatabaseBackend.PostgreSql)
        {
            if (Collecting.Value is { } batch)
            {
                batch.Add(postgreSql);
                return;
            }

            // Applied moments ago in the start-up batch: the capability's own start needs no second round trip (once; later calls run).
            if (Applied.TryGetValue(database, out var applied) && applied.TryRemove(postgreSql, out _))
                return;
        }

        await RunAsync(database, database.Backend == DatabaseBackend.PostgreSql ? postgreSql : sqlite, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// On PostgreSQL, creates the tables of every registration in one transaction: one lock and one commit instead
    /// of one of each per capability (each commit of DDL waits for the disk). On SQLite each capability's start does
    /// its own (the run log checks a column once its table exists).
    /// </summary>
    public static async Task EnsureAllAsync(Database database, IEnumerable<RuntimeTables> registrations, CancellationToken cancellationToken)
    {
        if (database.Backend != DatabaseBackend.PostgreSql)
            return;
        var batch = await CollectAsync(registrations, cancellationToken).ConfigureAwait(false);
        if (batch.Count == 0)
            return;
        await RunAsync(database, string.Join('\n', batch.Select(ddl => ddl.Trim().EndsWith(';') ? ddl.Trim() : ddl.Trim() + "\n;")), cancellationToken).ConfigureAwait(false);
        var applied = Applied.GetOrCreateValue(database);
        foreach (var ddl in batch)
            applied.TryAdd(ddl, 0);
    }

    private static async Task<List<string>> CollectAsync(IEnumerable<RuntimeTables> registrations, CancellationToken cancellationToken)
    {
        var batch = new List<string>();
        Collecting.Value = batch;
        try
        {
            foreach (var tables in registrations)
                await tables.EnsureAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Collecting.Value = null;
        }

        return [.. batch.Distinct(StringComparer.Ordinal)];
    }

    private static async Task RunAsync(Database database, string ddl, CancellationToken cancellationToken)
    {
        var connection = await database.OpenAsync(database.PrimarySource, cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                // On PostgreSQL the lock and the DDL travel together (BEGIN with them): one round trip, then the commit.
                var sql = database.Backend == DatabaseBackend.PostgreSql ? string.Create(CultureInfo.InvariantCulture, $"select pg_advisory_xact_lock({LockKey});\n{ddl}") : ddl;
                await connection.ExecuteAsync(new CommandDefinition(sql, transaction: transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
