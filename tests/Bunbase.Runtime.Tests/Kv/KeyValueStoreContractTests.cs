using Bunbase.Runtime.Kv;
using Bunbase.Runtime.Tests.Infrastructure;
using StackExchange.Redis;
using Bunbase.Runtime.Json;

namespace Bunbase.Runtime.Tests.Kv;

/// <summary>The one contract of <c>ctx.Kv</c>, run against every backend: Redis, PostgreSQL and the embedded SQLite file.</summary>
public abstract class KeyValueStoreContractTests : IAsyncLifetime
{
    private protected static readonly KvJson Json = new(new JsonContracts().Options);

    protected IKeyValueStore Store { get; private set; } = null!;

    public sealed record Profile(string Name, int Visits);

    public async Task InitializeAsync() => Store = await CreateAsync();

    public virtual Task DisposeAsync() => Task.CompletedTask;

    protected abstract Task<IKeyValueStore> CreateAsync();

    [Fact]
    public async Task Set_then_get_round_trips_json_and_a_missing_key_is_default()
    {
        await Store.SetAsync("profile", new Profile("ada", 3));

        Assert.Equal(new Profile("ada", 3), await Store.GetAsync<Profile>("profile"));
        Assert.Null(await Store.GetAsync<Profile>("missing"));
        Assert.Equal(0, await Store.GetAsync<int>("missing"));
    }

    [Fact]
    public async Task A_value_expires_after_its_ttl()
    {
        // Long enough to be seen before it expires however slow the machine; then it goes on its own (bounded wait).
        await Store.SetAsync("long", "v", TimeSpan.FromMinutes(5));
        await Store.SetAsync("short", "v", TimeSpan.FromSeconds(2));
        Assert.True(await Store.ExistsAsync("short"));

        await Eventually.TrueAsync(async () => !await Store.ExistsAsync("short"), "the 2 s value to expire", seconds: 15);

        Assert.Null(await Store.GetAsync<string>("short"));
        Assert.True(await Store.ExistsAsync("long"));
    }

    [Fact]
    public async Task Set_if_not_exists_writes_once()
    {
        Assert.True(await Store.SetIfNotExistsAsync("lock", "first"));
        Assert.False(await Store.SetIfNotExistsAsync("lock", "second"));

        Assert.Equal("first", await Store.GetAsync<string>("lock"));
    }

    [Fact]
    public async Task Compare_and_set_refuses_a_stale_expectation_and_keeps_the_value()
    {
        await Store.SetAsync("doc", new Profile("ada", 1));

        Assert.False(await Store.CompareAndSetAsync("doc", new Profile("ada", 0), new Profile("ada", 9)));
        Assert.Equal(new Profile("ada", 1), await Store.GetAsync<Profile>("doc"));
        Assert.True(await Store.CompareAndSetAsync("doc", new Profile("ada", 1), new Profile("ada", 2)));
        Assert.Equal(new Profile("ada", 2), await Store.GetAsync<Profile>("doc"));
        Assert.False(await Store.CompareAndSetAsync("absent", new Profile("x", 0), new Profile("x", 1)));
    }

    [Fact]
    public async Task Compare_and_set_under_contention_lets_exactly_one_writer_win_each_round()
    {
        await Store.SetAsync("counter", 0);
        var wins = 0;

        await Parallel.ForEachAsync(Enumerable.Range(0, 50), async (_, cancellationToken) =>
        {
            var current = await Store.GetAsync<int>("counter", cancellationToken);
            if (await Store.CompareAndSetAsync("counter", current, current + 1, cancellationToken: cancellationToken))
                Interlocked.Increment(ref wins);
        });

        Assert.Equal(wins, await Store.GetAsync<int>("counter"));
    }

    [Fact]
    public async Task Increment_under_concurrency_loses_nothing_and_sets_the_ttl_once()
    {
        await Parallel.ForEachAsync(Enumerable.Range(0, 200), async (_, cancellationToken) =>
            await Store.IncrementAsync("hits", 1, TimeSpan.FromMinutes(1), cancellationToken));

        Assert.Equal(200, await Store.GetAsync<long>("hits"));
        Assert.Equal(205, await Store.IncrementAsync("hits", 5));
    }

    [Fact]
    public async Task Delete_and_exists()
    {
        await Store.SetAsync("gone", 1);

        Assert.True(await Store.DeleteAsync("gone"));
        Assert.False(await Store.DeleteAsync("gone"));
        Assert.False(await Store.ExistsAsync("gone"));
    }

    [Fact]
    public async Task Listing_by_prefix_returns_every_key_and_only_those()
    {
        await Parallel.ForEachAsync(Enumerable.Range(0, 10_000), new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (i, cancellationToken) =>
            await Store.SetAsync($"users:{i}", i, cancellationToken: cancellationToken));
        await Store.SetAsync("orders:1", 1);
        await Store.SetAsync("users*:odd", 1);

        var keys = new List<string>();
        await foreach (var key in Store.ListKeysAsync("users:"))
            keys.Add(key);

        Assert.Equal(10_000, keys.Count);
        Assert.Equal(10_000, keys.Distinct().Count());
        Assert.All(keys, k => Assert.StartsWith("users:", k, StringComparison.Ordinal));

        // A prefix is literal: '*' is not a wildcard.
        var starred = new List<string>();
        await foreach (var key in Store.ListKeysAsync("users*"))
            starred.Add(key);
        Assert.Equal(["users*:odd"], starred);
    }

    [Fact]
    public async Task Over_long_or_empty_keys_are_refused_naming_the_limit()
    {
        var tooLong = new string('k', KvKeys.MaxKeyBytes + 1);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => Store.SetAsync(tooLong, 1));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.GetAsync<int>(""));

        Assert.Contains("513 bytes", error.Message, StringComparison.Ordinal);
        Assert.Contains("1 to 512", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_value_that_does_not_deserialize_names_the_key()
    {
        await Store.SetAsync("name", "not a profile");

        var error = await Assert.ThrowsAsync<KvValueException>(() => Store.GetAsync<Profile>("name"));

        Assert.Equal("name", error.Key);
        Assert.Contains("'name'", error.Message, StringComparison.Ordinal);
        Assert.Contains("Profile", error.Message, StringComparison.Ordinal);
        Assert.Equal("not a profile", await Store.GetAsync<string>("name"));
    }
}

/// <summary>The SQL store's own parts: code point order for prefixes, and reclaiming expired rows.</summary>
public sealed class SqlKeyValueStoreTests : IAsyncLifetime
{
    private static readonly KvJson Json = new(new JsonContracts().Options);
    private readonly Microsoft.Extensions.Time.Testing.FakeTimeProvider _clock = new(DateTimeOffset.UnixEpoch.AddYears(56));
    private EmbeddedDatabase _embedded = null!;

    public async Task InitializeAsync() => _embedded = await EmbeddedDatabase.CreateWithKeyValueTableAsync();

    public async Task DisposeAsync() => await _embedded.DisposeAsync();

    [Fact]
    public async Task A_prefix_ending_in_any_character_lists_exactly_its_keys()
    {
        var store = new SqlKeyValueStore(_embedded.Database, "app:", Json, _clock);
        string[] keys = ["é:1", "é:2", "é;", "ê", "\uD7FF", "\uE000", "😀a", "😀b", "😁", "\uFFFF", "z"];
        foreach (var key in keys)
            await store.SetAsync(key, 1);

        Assert.Equal(["é:1", "é:2"], await ListAsync(store, "é:"));
        Assert.Equal(["😀a", "😀b"], await ListAsync(store, "😀"));
        Assert.Equal(["\uD7FF"], await ListAsync(store, "\uD7FF"));
        Assert.Equal(["\uFFFF"], await ListAsync(store, "\uFFFF"));
    }

    [Fact]
    public async Task Expired_rows_read_as_missing_at_once_and_are_reclaimed_later()
    {
        var store = new SqlKeyValueStore(_embedded.Database, "app:", Json, _clock);
        await store.SetAsync("short", "v", TimeSpan.FromSeconds(1));
        await store.SetAsync("kept", "v");

        _clock.Advance(TimeSpan.FromSeconds(2));

        Assert.Null(await store.GetAsync<string>("short"));
        Assert.Equal(1, await SqlKeyValueStore.RemoveExpiredAsync(_embedded.Database, _clock.GetUtcNow(), CancellationToken.None));
        Assert.Equal(0, await SqlKeyValueStore.RemoveExpiredAsync(_embedded.Database, _clock.GetUtcNow(), CancellationToken.None));
        Assert.Equal("v", await store.GetAsync<string>("kept"));
    }

    private static async Task<List<string>> ListAsync(IKeyValueStore store, string prefix)
    {
        var keys = new List<string>();
        await foreach (var key in store.ListKeysAsync(prefix))
            keys.Add(key);
        return keys;
    }
}

public sealed class PostgresKeyValueStoreTests : KeyValueStoreContractTests
{
    private TestDatabase? _testDatabase;
    private Bunbase.Runtime.Data.Database? _database;

    protected override async Task<IKeyValueStore> CreateAsync()
    {
        _testDatabase = await TestDatabase.CreateAsync();
        _database = Bunbase.Runtime.Data.DatabaseFactory.Create(new Bunbase.Runtime.Configuration.BunbaseOptions { Name = "kv", Database = { Url = _testDatabase.Url } }, Path.GetTempPath(), Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance);
        await SqlKeyValueStore.EnsureSchemaAsync(_database, CancellationToken.None);
        return new SqlKeyValueStore(_database, "test:", Json, TimeProvider.System);
    }

    public override async Task DisposeAsync()
    {
        if (_database is not null)
            await _database.DisposeAsync();
        if (_testDatabase is not null)
            await _testDatabase.DisposeAsync();
    }
}

public sealed class SqliteKeyValueStoreTests : KeyValueStoreContractTests
{
    private EmbeddedDatabase? _embedded;

    protected override async Task<IKeyValueStore> CreateAsync()
    {
        _embedded = await EmbeddedDatabase.CreateWithKeyValueTableAsync();
        return new SqlKeyValueStore(_embedded.Database, "test:", Json, TimeProvider.System);
    }

    public override async Task DisposeAsync()
    {
        if (_embedded is not null)
            await _embedded.DisposeAsync();
    }
}

public sealed class RedisKeyValueStoreTests : KeyValueStoreContractTests
{
    private readonly string _prefix = $"test:{Guid.NewGuid():N}:";
    private IConnectionMultiplexer? _redis;

    protected override async Task<IKeyValueStore> CreateAsync()
    {
        _redis = await TestServices.ConnectRedisAsync();
        return new RedisKeyValueStore(_redis, _prefix, Json, TimeSpan.FromSeconds(5), TimeProvider.System);
    }

    public override async Task DisposeAsync()
    {
        if (_redis is null)
            return;
        var server = _redis.GetServer(_redis.GetEndPoints()[0]);
        await foreach (var key in server.KeysAsync(pattern: _prefix + "*", pageSize: 1000))
            await _redis.GetDatabase().KeyDeleteAsync(key);
        await _redis.DisposeAsync();
    }
}
