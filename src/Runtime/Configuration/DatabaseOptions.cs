using System.ComponentModel.DataAnnotations;

namespace Bunbase.Runtime.Configuration;

/// <summary>The database (<c>database.*</c>): PostgreSQL when <see cref="Url"/> is set, else the embedded SQLite file.</summary>
public sealed class DatabaseOptions
{
    /// <summary>
    /// The primary's connection URL (<c>postgres://user:pass@host:port/db?sslmode=require</c>) or an
    /// Npgsql connection string (<c>Host=...;Username=...</c>); also <c>DATABASE_URL</c>.
    /// </summary>
    /// <value>The default is none: the embedded SQLite file at <see cref="EmbeddedPath"/> is used.</value>
    [PostgresUrl]
    public string? Url { get; set; }

    /// <summary>
    /// Read replicas (streaming standbys of the primary), as URLs or connection strings like
    /// <see cref="Url"/>. Reads go to a healthy one; the primary serves them when none is.
    /// </summary>
    /// <value>The default is none.</value>
#pragma warning disable CA1819 // Bound from configuration.
    [PostgresUrl]
    public string[] ReadReplicas { get; set; } = [];
#pragma warning restore CA1819

    /// <summary>
    /// How far behind the primary a replica may be, in milliseconds, and still serve reads. Lag is
    /// measured by comparing the replica's replayed WAL position with the primary's recent positions
    /// every <see cref="ReplicaCheckIntervalMs"/>, so it is accurate to about that interval.
    /// </summary>
    /// <value>The default is 5,000.</value>
    [Range(1, 3_600_000)]
    public int MaxReplicaLagMs { get; set; } = 5_000;

    /// <summary>How often each replica's health and lag are checked, in milliseconds.</summary>
    /// <value>The default is 1,000.</value>
    [Range(50, 600_000)]
    public int ReplicaCheckIntervalMs { get; set; } = 1_000;

    /// <summary>The most connections the process opens to each server (PostgreSQL only).</summary>
    /// <value>The default is 32.</value>
    [Range(1, 10_000)]
    public int MaxPoolSize { get; set; } = 32;

    /// <summary>Connections kept open to each server when idle (PostgreSQL only).</summary>
    /// <value>The default is 0.</value>
    [Range(0, 10_000)]
    public int MinPoolSize { get; set; }

    /// <summary>
    /// How long opening a connection may take, in milliseconds (also how long a request waits for
    /// a free connection when the pool is exhausted). Npgsql counts whole seconds: the value is
    /// rounded up to the next second.
    /// </summary>
    /// <value>The default is 5,000.</value>
    [Range(1, 600_000)]
    public int ConnectTimeoutMs { get; set; } = 5_000;

    /// <summary>
    /// The longest one statement may run, in milliseconds, enforced exactly by the server
    /// (PostgreSQL's <c>statement_timeout</c>); 0 means no limit. On SQLite it bounds the wait for
    /// the write lock, rounded up to whole seconds.
    /// </summary>
    /// <value>The default is 30,000.</value>
    [Range(0, 86_400_000)]
    public int CommandTimeoutMs { get; set; } = 30_000;

    /// <summary>
    /// Whether commands from concurrent requests share connections (Npgsql multiplexing): far
    /// fewer server backends and round trips under load. Npgsql 11 removes multiplexing; turning
    /// it off uses a classic pool of <see cref="MaxPoolSize"/> connections. Measured in
    /// <c>benchmarks/</c>.
    /// </summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool Multiplexing { get; set; } = true;

    /// <summary>How many distinct statements each connection prepares automatically once they repeat (0 turns it off).</summary>
    /// <value>The default is 64.</value>
    [Range(0, 256)]
    public int MaxAutoPrepare { get; set; } = 64;

    /// <summary>The folder of <c>NNNN_name.sql</c> migrations, relative to the configuration file.</summary>
    /// <value>The default is <c>migrations</c>.</value>
    [Required]
    public string MigrationsPath { get; set; } = "migrations";

    /// <summary>
    /// Whether the app applies pending migrations itself when it starts (under the same lock as
    /// <c>bunbase migrate</c>, so instances starting together apply each once). Handy for one
    /// instance or the embedded database; with several instances, run <c>bunbase migrate</c> as a
    /// deploy step instead. <c>bunbase dev</c> always applies them.
    /// </summary>
    /// <value>The default is <see langword="false"/>.</value>
    public bool MigrateOnStart { get; set; }

    /// <summary>The embedded SQLite file used when no <see cref="Url"/> is set, relative to the configuration file.</summary>
    /// <value>The default is <c>.bunbase/data.db</c>.</value>
    [Required]
    public string EmbeddedPath { get; set; } = ".bunbase/data.db";
}
