using System.Globalization;
using Dapper;
using Npgsql;

namespace Bunbase.Runtime.ActionLog;

/// <summary>
/// The run log's indexes on PostgreSQL beyond its primary key (see <see cref="ActionRunSchema"/>), built after start
/// with <c>create index concurrently</c>: a plain build holds a lock that blocks the log's inserts for as long as it
/// reads the table (seconds on a large log), on every instance starting at once. The Studio's queries work without
/// them, only slower. Instances take turns under a session advisory lock, so an index found invalid is an interrupted
/// build (not another instance's build in progress): it is dropped and built again.
/// The trace id's index is a hash index: a lookup by trace is all it serves, and trace ids are random, so a btree took
/// every insert to a random leaf and cost PostgreSQL more than the rest of the row (38-40 µs of CPU a row in all against
/// 21 with the hash index, on a log of 2.6 million rows; benchmarks/results/2026-12-06-run-log-trace-index.md). The
/// btree earlier releases made is dropped once its replacement is valid.
/// </summary>
internal static class ActionRunIndexes
{
    /// <summary>"bunbase$" in ASCII: not the start-up DDL's key, which is held only for its transaction.</summary>
    private const long LockKey = 0x62756e6261736524;

    public static readonly (string Name, string Definition)[] All =
    [
        ("bunbase_action_runs_action", "(action, id)"),
        ("bunbase_action_runs_not_ok", "(status, id) where status <> 'ok'"),
        ("bunbase_action_runs_not_http", "(trigger, id) where trigger <> 'http'"),
        ("bunbase_action_runs_trace_hash", "using hash (trace_id)"),
    ];

    /// <summary>Indexes of earlier releases that one of <see cref="All"/> replaces.</summary>
    private static readonly string[] Superseded = ["bunbase_action_runs_trace"];

    /// <summary>Builds what is missing or invalid; on a connection of its own (not multiplexed: the advisory lock is the session's).</summary>
    public static async Task EnsureAsync(NpgsqlDataSource source, CancellationToken cancellationToken)
    {
        var connection = await source.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            // Waits while another instance builds; no command timeout, since a build takes as long as the table needs.
            await ExecuteAsync(connection, string.Create(CultureInfo.InvariantCulture, $"select pg_advisory_lock({LockKey})"), cancellationToken).ConfigureAwait(false);
            try
            {
                foreach (var (name, definition) in All)
                {
                    var valid = await connection.ExecuteScalarAsync<bool?>(new CommandDefinition(
                        "select indisvalid from pg_index where indexrelid = to_regclass(@Name)", new { Name = name }, commandTimeout: 0, cancellationToken: cancellationToken)).ConfigureAwait(false);
                    if (valid == true)
                        continue;
                    if (valid == false)
                        await ExecuteAsync(connection, $"drop index concurrently if exists {name}", cancellationToken).ConfigureAwait(false);
                    await ExecuteAsync(connection, $"create index concurrently if not exists {name} on bunbase_action_runs {definition}", cancellationToken).ConfigureAwait(false);
                }

                foreach (var name in Superseded)
                    await ExecuteAsync(connection, $"drop index concurrently if exists {name}", cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                await UnlockAsync(connection).ConfigureAwait(false);
            }
        }
    }

    /// <summary>The pool does not reset connections it takes back, so a lock left held would outlive this build.</summary>
    private static async Task UnlockAsync(NpgsqlConnection connection)
    {
        try
        {
            await ExecuteAsync(connection, string.Create(CultureInfo.InvariantCulture, $"select pg_advisory_unlock({LockKey})"), CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException)
        {
            // The connection is unusable: closed, not reused, when it goes back (which releases the lock).
            NpgsqlConnection.ClearPool(connection);
        }
    }

    private static Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(sql, commandTimeout: 0, cancellationToken: cancellationToken));
}
