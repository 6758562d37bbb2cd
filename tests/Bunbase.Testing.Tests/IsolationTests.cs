using Bunbase.Testing.Tests.App;
using Bunbase.Testing.Tests.Infrastructure;
using Npgsql;

namespace Bunbase.Testing.Tests;

public sealed class IsolationTests
{
    public static TheoryData<bool> Backends => new() { false, true };

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task Two_apps_started_in_parallel_share_no_data(bool postgres)
    {
        var options = () => new BunbaseTestAppOptions { DatabaseUrl = postgres ? TestServers.DatabaseUrl : null, RedisUrl = postgres ? TestServers.RedisUrl : null };
        var started = await Task.WhenAll(
            BunbaseTestApp.StartAsync(typeof(CreateNote).Assembly, options()),
            BunbaseTestApp.StartAsync(typeof(CreateNote).Assembly, options()));
        await using var first = started[0];
        await using var second = started[1];

        await Task.WhenAll(first.CallAsync(new CreateNote.Input("first's")), second.CallAsync(new CreateNote.Input("second's")));
        await Task.WhenAll(first.CallAsync(new Bump.Input("c")), first.CallAsync(new Bump.Input("c")), second.CallAsync(new Bump.Input("c")));

        Assert.Equal(["first's"], (await first.CallAsync(new ListNotes.Input())).Notes.Select(n => n.Text));
        Assert.Equal(["second's"], (await second.CallAsync(new ListNotes.Input())).Notes.Select(n => n.Text));
        Assert.Equal(3, (await first.CallAsync(new Bump.Input("c"))).Value);
        Assert.Equal(2, (await second.CallAsync(new Bump.Input("c"))).Value);
        Assert.NotEqual(first.Name, second.Name);
    }

    [Fact]
    public async Task PostgreSQL_mode_creates_a_database_and_drops_it_on_dispose()
    {
        var app = await BunbaseTestApp.StartAsync(typeof(CreateNote).Assembly, new BunbaseTestAppOptions { DatabaseUrl = TestServers.DatabaseUrl });
        var name = app.DatabaseName!;
        Assert.True(await DatabaseExistsAsync(name));
        await app.CallAsync(new CreateNote.Input("migrated and written"));

        await app.DisposeAsync();

        Assert.False(await DatabaseExistsAsync(name));
    }

    [Fact]
    public async Task An_app_that_fails_to_build_leaves_no_database_behind()
    {
        // The database is created while the app is built: a configuration error must not leak it.
        var app = new BunbaseTestApp(typeof(CreateNote).Assembly, new BunbaseTestAppOptions
        {
            DatabaseUrl = TestServers.DatabaseUrl,
            Settings = { ["BUNBASE__QUEUE__MAXATTEMPTS"] = "0" },
        });
        var failure = await Assert.ThrowsAnyAsync<Exception>(app.InitializeAsync);
        Assert.Contains("maxAttempts", failure.Message, StringComparison.OrdinalIgnoreCase);
        var name = app.DatabaseName!;

        await app.DisposeAsync();

        Assert.False(await DatabaseExistsAsync(name));
    }

    [Fact]
    public async Task Redis_mode_deletes_its_keys_on_dispose()
    {
        var app = await BunbaseTestApp.StartAsync(typeof(CreateNote).Assembly, new BunbaseTestAppOptions { RedisUrl = TestServers.RedisUrl });
        await app.CallAsync(new Bump.Input("c"));
        var uri = new Uri(TestServers.RedisUrl);
        await using var redis = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync($"{uri.Host}:{uri.Port}");
        var server = redis.GetServer(redis.GetEndPoints()[0]);
        Assert.NotEmpty(server.Keys(pattern: app.Name + ":*"));

        await app.DisposeAsync();

        Assert.Empty(server.Keys(pattern: app.Name + ":*"));
    }

    [Fact]
    public async Task The_embedded_file_is_deleted_on_dispose()
    {
        var app = await BunbaseTestApp.StartAsync(typeof(CreateNote).Assembly);
        await app.CallAsync(new CreateNote.Input("x"));
        var folder = app.DataDirectory!;
        Assert.True(File.Exists(Path.Combine(folder, "data.db")));

        await app.DisposeAsync();

        Assert.False(Directory.Exists(folder));
    }

    private static async Task<bool> DatabaseExistsAsync(string name)
    {
        var uri = new Uri(TestServers.DatabaseUrl);
        var user = uri.UserInfo.Split(':');
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host, Port = uri.Port, Username = user[0], Password = user.ElementAtOrDefault(1), Database = uri.AbsolutePath.Trim('/'), Pooling = false,
        }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select count(*) from pg_database where datname = @name", connection);
        command.Parameters.AddWithValue("name", name);
        return (long)(await command.ExecuteScalarAsync())! == 1;
    }
}
