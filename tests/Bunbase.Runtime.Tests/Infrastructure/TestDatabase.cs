using Npgsql;

namespace Bunbase.Runtime.Tests.Infrastructure;

/// <summary>
/// A PostgreSQL database of its own for one test class (created on the test server, dropped on
/// dispose), so tests never see each other's tables. The replica follows it like any database.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private TestDatabase(string name)
    {
        Name = name;
        Url = WithDatabase(TestServices.DatabaseUrl, name);
        ReplicaUrl = WithDatabase(TestServices.ReplicaUrl, name);
    }

    public string Name { get; }

    /// <summary>On the primary.</summary>
    public string Url { get; }

    /// <summary>The same database on the streaming replica.</summary>
    public string ReplicaUrl { get; }

    public static async Task<TestDatabase> CreateAsync()
    {
        var database = new TestDatabase($"bunbase_t_{Guid.NewGuid():N}");
        await using var admin = await OpenAdminAsync();
        await using var create = new NpgsqlCommand($"create database {database.Name}", admin);
        await create.ExecuteNonQueryAsync();
        return database;
    }

    /// <summary>A plain connection to this database on the primary, for arranging and checking.</summary>
    public async Task<NpgsqlConnection> OpenAsync()
    {
        var connection = new NpgsqlConnection(ConnectionString(Url));
        await connection.OpenAsync();
        return connection;
    }

    public async Task<T?> ScalarAsync<T>(string sql)
    {
        await using var connection = await OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        var value = await command.ExecuteScalarAsync();
        return value is null or DBNull ? default : (T)value;
    }

    public async Task ExecuteAsync(string sql)
    {
        await using var connection = await OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// Ends this database's server backends (as a restart or a failover would), all of them but the one asking, or those
    /// whose <c>application_name</c> is <paramref name="applicationName"/> (a <c>like</c> pattern); returns how many.
    /// </summary>
    public async Task<long> TerminateBackendsAsync(string? applicationName = null) =>
        await ScalarAsync<long>($"select count(pg_terminate_backend(pid)) from pg_stat_activity where datname = '{Name}' and pid <> pg_backend_pid()"
            + (applicationName is null ? "" : $" and application_name like '{applicationName}'"));

    /// <summary>How many of this database's backends have <c>application_name</c> like <paramref name="applicationName"/>.</summary>
    public async Task<long> BackendsAsync(string applicationName) =>
        await ScalarAsync<long>($"select count(*) from pg_stat_activity where datname = '{Name}' and application_name like '{applicationName}'");

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var admin = await OpenAdminAsync();
        await using var drop = new NpgsqlCommand($"drop database if exists {Name} with (force)", admin);
        await drop.ExecuteNonQueryAsync();
    }

    /// <summary>An Npgsql connection string for a postgres:// URL (tests build their own, independent of the runtime's parser).</summary>
    public static string ConnectionString(string url)
    {
        var uri = new Uri(url);
        var user = uri.UserInfo.Split(':');
        return new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host,
            Port = uri.Port,
            Username = Uri.UnescapeDataString(user[0]),
            Password = user.Length > 1 ? Uri.UnescapeDataString(user[1]) : null,
            Database = uri.AbsolutePath.Trim('/'),
            Pooling = false,
        }.ConnectionString;
    }

    private static async Task<NpgsqlConnection> OpenAdminAsync()
    {
        var admin = new NpgsqlConnection(ConnectionString(TestServices.DatabaseUrl));
        await admin.OpenAsync();
        return admin;
    }

    private static string WithDatabase(string url, string database) =>
        new UriBuilder(url) { Path = "/" + database }.Uri.ToString();
}
