using System.Runtime.CompilerServices;
using System.Text;
using StackExchange.Redis;

namespace Bunbase.Runtime.Kv;

/// <summary>
/// <c>ctx.Kv</c> on Redis: plain string values holding JSON, atomic single commands or Lua
/// scripts, and key listing with SCAN (never KEYS).
/// </summary>
internal sealed class RedisKeyValueStore(IConnectionMultiplexer redis, string keyPrefix, KvJson json) : IKeyValueStore
{
    private const int ScanPageSize = 1000;

    private static readonly LuaScript CompareAndSetScript = LuaScript.Prepare("""
        if redis.call('GET', @key) == @expected then
          if tonumber(@ttl) > 0 then redis.call('SET', @key, @value, 'PX', @ttl) else redis.call('SET', @key, @value) end
          return 1
        end
        return 0
        """);

    private static readonly LuaScript IncrementScript = LuaScript.Prepare("""
        local created = redis.call('EXISTS', @key) == 0
        local value = redis.call('INCRBY', @key, @by)
        if created and tonumber(@ttl) > 0 then redis.call('PEXPIRE', @key, @ttl) end
        return value
        """);

    private IDatabase Database => redis.GetDatabase();

    public async Task<T?> Get<T>(string key, CancellationToken cancellationToken = default)
    {
        var value = await Database.StringGetAsync(Key(key)).WaitAsync(cancellationToken).ConfigureAwait(false);
        return value.IsNull ? default : json.Deserialize<T>(key, value.ToString());
    }

    public Task Set<T>(string key, T value, TimeSpan? ttl = null, CancellationToken cancellationToken = default)
    {
        KvKeys.ValidateTtl(ttl);
        return Database.StringSetAsync(Key(key), json.Serialize(value), Expiry(ttl)).WaitAsync(cancellationToken);
    }

    public Task<bool> SetIfNotExists<T>(string key, T value, TimeSpan? ttl = null, CancellationToken cancellationToken = default)
    {
        KvKeys.ValidateTtl(ttl);
        return Database.StringSetAsync(Key(key), json.Serialize(value), Expiry(ttl), When.NotExists).WaitAsync(cancellationToken);
    }

    public async Task<bool> CompareAndSet<T>(string key, T expected, T value, TimeSpan? ttl = null, CancellationToken cancellationToken = default)
    {
        KvKeys.ValidateTtl(ttl);
        var result = await Database.ScriptEvaluateAsync(CompareAndSetScript, new
        {
            key = Key(key),
            expected = json.Serialize(expected),
            value = json.Serialize(value),
            ttl = (long)(ttl?.TotalMilliseconds ?? 0),
        }).WaitAsync(cancellationToken).ConfigureAwait(false);
        return (long)result == 1;
    }

    public Task<bool> Delete(string key, CancellationToken cancellationToken = default) =>
        Database.KeyDeleteAsync(Key(key)).WaitAsync(cancellationToken);

    public Task<bool> Exists(string key, CancellationToken cancellationToken = default) =>
        Database.KeyExistsAsync(Key(key)).WaitAsync(cancellationToken);

    public async Task<long> Increment(string key, long by = 1, TimeSpan? ttl = null, CancellationToken cancellationToken = default)
    {
        KvKeys.ValidateTtl(ttl);
        var result = await Database.ScriptEvaluateAsync(IncrementScript, new
        {
            key = Key(key),
            by,
            ttl = (long)(ttl?.TotalMilliseconds ?? 0),
        }).WaitAsync(cancellationToken).ConfigureAwait(false);
        return (long)result;
    }

    public async IAsyncEnumerable<string> ListKeys(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var pattern = EscapeGlob(keyPrefix + prefix) + "*";
        var database = Database.Database;
        foreach (var endpoint in redis.GetEndPoints())
        {
            var server = redis.GetServer(endpoint);
            if (server.IsReplica)
                continue;
            await foreach (var key in server.KeysAsync(database, pattern, ScanPageSize).WithCancellation(cancellationToken).ConfigureAwait(false))
                yield return key.ToString()[keyPrefix.Length..];
        }
    }

    private RedisKey Key(string key)
    {
        KvKeys.Validate(key);
        return keyPrefix + key;
    }

    private static Expiration Expiry(TimeSpan? ttl) => ttl is { } value ? value : Expiration.Default;

    private static string EscapeGlob(string text)
    {
        var escaped = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c is '*' or '?' or '[' or ']' or '\\')
                escaped.Append('\\');
            escaped.Append(c);
        }

        return escaped.ToString();
    }
}
