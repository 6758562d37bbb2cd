using Npgsql;

namespace Bunbase.Cli.Tests;

/// <summary>A PostgreSQL database of its own on the test server (./test.sh starts it), dropped on dispose.</summary>
public sealed class ScratchDatabase : IAsyncDisposable
{
    private static readonly string ServerUrl = Environment.GetEnvironmentVariable("BUNBASE_TEST_DATABASE_URL") ?? "postgres://bunbase_test:bunbase_test@127.0.0.1:5432/bunbase_test";

    private ScratchDatabase(string name) => Name = name;

    public string Name { get; }

    public string Url => new UriBuilder(ServerUrl) { Path = "/" + Name }.Uri.ToString();

    public static async Task<ScratchDatabase> CreateAsync()
    {
        var database = new ScratchDatabase($"bunbase_cli_{Guid.NewGuid():N}");
        await AdminAsync($"create database {database.Name}");
        return database;
    }

    public async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString(Url));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    public async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString(Url));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync() => await AdminAsync($"drop database if exists {Name} with (force)");

    private static async Task AdminAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString(ServerUrl));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static string ConnectionString(string url)
    {
        var uri = new Uri(url);
        var user = uri.UserInfo.Split(':');
        return $"Host={uri.Host};Port={uri.Port};Username={user[0]};Password={(user.Length > 1 ? user[1] : "")};Database={uri.AbsolutePath.Trim('/')};Pooling=false";
    }
}
