namespace Bunbase.Testing;

/// <summary>How a <see cref="BunbaseTestApp"/> hosts the app.</summary>
public sealed class BunbaseTestAppOptions
{
    /// <summary>
    /// A PostgreSQL server (<c>postgres://user:password@host:port/database</c>, a role that may create databases):
    /// the fixture creates a database of its own there, applies the migrations, and drops it when disposed.
    /// </summary>
    /// <value>The default is null: a fresh embedded SQLite file in a temporary folder, deleted when disposed.</value>
    public string? DatabaseUrl { get; set; }

    /// <summary>
    /// A Redis server for <c>ctx.Kv</c>, rate limits, revocations and sign-in throttling. The fixture's
    /// keys carry a prefix of their own (its unique app name) and are deleted when it is disposed.
    /// </summary>
    /// <value>The default is null: the key-value store lives in the fixture's database and rate limits in the process.</value>
    public string? RedisUrl { get; set; }

    /// <summary>The app's configuration file, which the fixture's settings override.</summary>
    /// <value>
    /// The default is <c>bunbase.config.json</c> in the test's output folder (Bunbase.Runtime copies the app's there), if there is one.
    /// Relative paths in it (<c>migrations</c>) resolve against its folder.
    /// </value>
    public string? ConfigPath { get; set; }

    /// <summary>The environment name the app runs in.</summary>
    /// <value>The default is <c>Development</c> (session cookies without <c>Secure</c>, so they work over the loopback's plain HTTP).</value>
    public string EnvironmentName { get; set; } = "Development";

    /// <summary>
    /// Configuration as environment variables (<c>BUNBASE__QUEUE__MAXATTEMPTS</c> = <c>1</c>), applied over the
    /// configuration file. Nothing else from the machine's environment is read.
    /// </summary>
    public IDictionary<string, string> Settings { get; } = new Dictionary<string, string>(StringComparer.Ordinal);
}
