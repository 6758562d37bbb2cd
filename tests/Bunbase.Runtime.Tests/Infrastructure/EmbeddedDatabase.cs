using Bunbase.Runtime.Configuration;
using Bunbase.Runtime.Data;
using Bunbase.Runtime.Kv;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bunbase.Runtime.Tests.Infrastructure;

/// <summary>An embedded (SQLite) database of its own, in a temporary folder deleted on dispose.</summary>
public sealed class EmbeddedDatabase : IAsyncDisposable
{
    private EmbeddedDatabase(string directory, Database database)
    {
        Directory = directory;
        Database = database;
    }

    /// <summary>The folder the configuration would be in: the file is <c>.bunbase/data.db</c> below it.</summary>
    public string Directory { get; }

    public string FilePath => Path.Combine(Directory, ".bunbase", "data.db");

    internal Database Database { get; }

    public static async Task<EmbeddedDatabase> CreateAsync()
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("bunbase-embedded-").FullName;
        var database = DatabaseFactory.Create(new BunbaseOptions { Name = "embedded" }, directory, NullLoggerFactory.Instance);
        await DatabaseStartup.PrepareEmbeddedAsync(database, CancellationToken.None);
        return new EmbeddedDatabase(directory, database);
    }

    /// <summary>A new embedded database with the key-value table, for tests of what keeps its state there.</summary>
    public static async Task<EmbeddedDatabase> CreateWithKeyValueTableAsync()
    {
        var embedded = await CreateAsync();
        await SqlKeyValueStore.EnsureSchemaAsync(embedded.Database, CancellationToken.None);
        return embedded;
    }

    /// <summary>A plain connection from outside the runtime, for arranging and checking.</summary>
    public async Task<object?> ScalarAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={FilePath};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await Database.DisposeAsync();
        SqliteConnection.ClearAllPools();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
