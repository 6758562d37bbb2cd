using System.Collections.Immutable;
using System.Data.Common;
using Npgsql;

namespace Bunbase.Runtime.Data;

/// <summary>
/// The process's databases: the primary (PostgreSQL or the embedded SQLite file) and any read
/// replicas. Invocations talk to it through a <see cref="DatabaseSession"/> each.
/// </summary>
internal sealed class Database : IAsyncDisposable
{
    /// <summary>The <c>target</c> label of <c>bunbase_db_query_duration_ms</c>.</summary>
    public static readonly KeyValuePair<string, object?> PrimaryTarget = new("target", "primary");

    /// <inheritdoc cref="PrimaryTarget"/>
    public static readonly KeyValuePair<string, object?> ReplicaTarget = new("target", "replica");

    private int _nextReplica;
    private ImmutableArray<NpgsqlDataSource> _primaryPools = [];

    /// <summary>On the embedded file, its connections' pragmas and its writers' turns; null on PostgreSQL.</summary>
    private readonly SqliteFile? _sqlite;

    public Database(DatabaseBackend backend, DbDataSource primary, string description, ImmutableArray<Replica> replicas, DbDataSource? jobSource = null, SqliteFile? sqlite = null)
    {
        if ((backend == DatabaseBackend.Sqlite) != (sqlite is not null))
            throw new ArgumentException("The embedded file, and only it, comes with its connection pragmas and writers' turns.", nameof(sqlite));
        _sqlite = sqlite;
        DapperConventions.EnsureRegistered();
        Backend = backend;
        PrimarySource = primary;
        JobSource = jobSource ?? primary;
        Description = description;
        Replicas = replicas;
        foreach (var source in new[] { primary, JobSource }.Distinct())
            if (source is NpgsqlDataSource pool)
                _primaryPools = _primaryPools.Add(pool);
    }

    public DatabaseBackend Backend { get; }

    /// <summary>On the embedded file, where ctx.Db's writers wait for each other; null on PostgreSQL.</summary>
    public SqliteWriterTurns? WriterTurns => _sqlite?.WriterTurns;

    public DbDataSource PrimarySource { get; }

    /// <summary>
    /// Where jobs' statements run on the primary: on PostgreSQL a classic pool of their own, so a long job
    /// statement never holds a multiplexed connection that requests' statements would queue behind
    /// (it also makes job statements cancellable). The embedded file has one source.
    /// </summary>
    public DbDataSource JobSource { get; }

    /// <summary><c>host:port/database</c> or the embedded file's path; never a password.</summary>
    public string Description { get; }

    public ImmutableArray<Replica> Replicas { get; }

    public bool HasReplicas => !Replicas.IsEmpty;

    public DatabaseSession CreateSession(CancellationToken cancellation) => new(this, PrimarySource, cancellation);

    /// <summary>A session for a job: its primary statements use <see cref="JobSource"/>.</summary>
    public DatabaseSession CreateJobSession(CancellationToken cancellation) => new(this, JobSource, cancellation);

    /// <summary>A replica that serves reads now (round robin), or null for the primary.</summary>
    public Replica? PickReplica()
    {
        var replicas = Replicas;
        var start = (int)((uint)Interlocked.Increment(ref _nextReplica) % (uint)replicas.Length);
        for (var i = 0; i < replicas.Length; i++)
        {
            var replica = replicas[(start + i) % replicas.Length];
            if (replica.Serves)
                return replica;
        }

        return null;
    }

    public async ValueTask<DbConnection> OpenAsync(DbDataSource source, CancellationToken cancellationToken)
    {
        var connection = await source.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        if (_sqlite is not null)
        {
            try
            {
                await using var pragmas = connection.CreateCommand();
                pragmas.CommandText = _sqlite.ConnectionPragmas;
                await pragmas.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                await connection.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }

        return connection;
    }

    /// <summary>Counts <paramref name="pool"/> (a dedicated pool on the primary, owned by its user) among those <see cref="ForgetPrimaryConnections"/> clears.</summary>
    public NpgsqlDataSource WithPrimaryPool(NpgsqlDataSource pool)
    {
        ImmutableInterlocked.Update(ref _primaryPools, pools => pools.Add(pool));
        return pool;
    }

    /// <summary>
    /// Closes the idle pooled connections to the primary (busy ones close when returned), once the server is
    /// known to have gone away (a restart, a failover, a network cut). Each would otherwise fail the next
    /// statement sent on it after the server is back: Npgsql learns a connection is dead only by using it,
    /// and then clears only that connection's pool.
    /// </summary>
    public void ForgetPrimaryConnections()
    {
        foreach (var pool in _primaryPools)
            pool.Clear();
    }

    /// <summary>Runs <paramref name="work"/> on a connection to the primary, opened for it and closed after (the runtime's own stores use this).</summary>
    public async Task<T> OnPrimaryAsync<T>(Func<DbConnection, Task<T>> work, CancellationToken cancellationToken)
    {
        var connection = await OpenAsync(PrimarySource, cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
            return await work(connection).ConfigureAwait(false);
    }

    /// <summary>The replica could not be reached or went away mid-statement: the read is safe to repeat on the primary.</summary>
    public static bool IsUnavailable(Exception exception) => exception switch
    {
        // 57P01-03: the server is shutting down or starting; 08: connection exceptions;
        // 40001 on a standby: the query was cancelled by a conflict with WAL replay.
        PostgresException postgres => postgres.SqlState.StartsWith("57P", StringComparison.Ordinal)
            || postgres.SqlState.StartsWith("08", StringComparison.Ordinal)
            || postgres.SqlState == PostgresErrorCodes.SerializationFailure,
        NpgsqlException npgsql => npgsql.IsTransient,
        TimeoutException or System.Net.Sockets.SocketException or IOException => true,
        _ => false,
    };

    public async ValueTask DisposeAsync()
    {
        foreach (var replica in Replicas)
            await replica.DisposeAsync().ConfigureAwait(false);
        if (JobSource != PrimarySource)
            await JobSource.DisposeAsync().ConfigureAwait(false);
        await PrimarySource.DisposeAsync().ConfigureAwait(false);
    }
}
