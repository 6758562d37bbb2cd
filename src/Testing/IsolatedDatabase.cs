using Bunbase.Runtime.Data;
using Npgsql;

namespace Bunbase.Testing;

/// <summary>
/// The database of one fixture: a fresh embedded SQLite file in the fixture's own folder, or a
/// PostgreSQL database of its own created on the given server and dropped on dispose.
/// </summary>
internal sealed class IsolatedDatabase : IAsyncDisposable
{
    private readonly NpgsqlConnectionStringBuilder? _server;
    private bool _created;

    private IsolatedDatabase(string embeddedPath, NpgsqlConnectionStringBuilder? server, string? name, string? connectionString)
    {
        EmbeddedPath = embeddedPath;
        _server = server;
        Name = name;
        ConnectionString = connectionString;
    }

    /// <summary>Where the embedded file is (also set with PostgreSQL, where nothing is written there).</summary>
    public string EmbeddedPath { get; }

    /// <summary>The PostgreSQL database's name; null on the embedded file.</summary>
    public string? Name { get; }

    /// <summary>The PostgreSQL database's connection string, given to the app as <c>DATABASE_URL</c>; null on the embedded file.</summary>
    public string? ConnectionString { get; }

    /// <summary>
    /// Names the fixture's database without touching the server, so the app can be built while
    /// <see cref="CreateAsync"/> runs (both cost hundreds of milliseconds of a first test, mostly JIT).
    /// </summary>
    public static IsolatedDatabase Plan(string directory, string? serverUrl)
    {
        var embedded = Path.Combine(directory, "data.db");
        if (serverUrl is null)
            return new IsolatedDatabase(embedded, null, null, null);

        var server = DatabaseUrl.Parse(serverUrl, "databaseUrl");
        var name = $"bunbase_test_{Guid.NewGuid():N}";
        var own = new NpgsqlConnectionStringBuilder(server.ConnectionString) { Database = name };
        return new IsolatedDatabase(embedded, server, name, own.ConnectionString);
    }

    /// <summary>Creates the PostgreSQL database (nothing to do for the embedded file: the app creates it).</summary>
    public async Task CreateAsync(CancellationToken cancellationToken)
    {
        if (_server is null || Name is null)
            return;
        await ExecuteAdminAsync(_server, $"create database {Name}", cancellationToken).ConfigureAwait(false);
        _created = true;
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is null || Name is null || !_created)
            return;
        await ExecuteAdminAsync(_server, $"drop database if exists {Name} with (force)", CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs a statement in the server's own database (the URL's), where databases are created and dropped: unpooled,
    /// and without loading the server's types (a catalog query at each open that create and drop never need).
    /// </summary>
    private static async Task ExecuteAdminAsync(NpgsqlConnectionStringBuilder server, string sql, CancellationToken cancellationToken)
    {
        var builder = new NpgsqlConnectionStringBuilder(server.ConnectionString) { Pooling = false };
        if (string.IsNullOrEmpty(builder.Database))
            builder.Database = "postgres";
        var sources = new NpgsqlDataSourceBuilder(builder.ConnectionString);
        sources.ConfigureTypeLoading(types => types.EnableTypeLoading(false));
        await using var source = sources.Build();
        await using var command = source.CreateCommand(sql);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
