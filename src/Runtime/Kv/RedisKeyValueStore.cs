using System.Runtime.CompilerServices;
using System.Text;
using Bunbase.Runtime.Observability;
using StackExchange.Redis;

namespace Bunbase.Runtime.Kv;

/// <summary>
/// <c>ctx.Kv</c> on Redis: plain string values holding JSON, atomic single commands or Lua
/// scripts, and key listing with SCAN (never KEYS). Each command waits at most
/// <paramref name="timeout"/> (<c>redis.timeoutMs</c>): the client's own timeout is only checked
/// about once a second, so during an outage a request would wait that long per command. Past the
/// bound, or with no connection, the call throws <see cref="KvUnavailableException"/> (503).
/// </summary>
internal sealed class RedisKeyValueStore(IConnectionMultiplexer redis, string keyPrefix, KvJson json, TimeSpan timeout, TimeProvider clock) : IKeyValueStore
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

    public async Task<T?> GetAsync<T>(string key, CancellationToken cancellationToken = default)
    {
        var value = await Traced("GET", Key(key), static (db, k) => db.StringGetAsync(k), cancellationToken).ConfigureAwait(false);
        return value.IsNull ? default : json.Deserialize<T>(key, value.ToString());
    }

    public Task SetAsync<T>(string key, T value, TimeSpan? ttl = null, CancellationToken cancellationToken = default)
    {
        KvKeys.ValidateTtl(ttl);
        return Traced("SET", (Key: Key(key), Value: json.Serialize(value), Ttl: Expiry(ttl)), static (db, s) => db.StringSetAsync(s.Key, s.Value, s.Ttl), cancellationToken);
    }

    public Task<bool> SetIfNotExistsAsync<T>(string key, T value, TimeSpan? ttl = null, CancellationToken cancellationToken = default)
    {
        KvKeys.ValidateTtl(ttl);
        return Traced("SET", (Key: Key(key), Value: json.Serialize(value), Ttl: Expiry(ttl)), static (db, s) => db.StringSetAsync(s.Key, s.Value, s.Ttl, When.NotExists), cancellationToken);
    }

    public async Task<bool> CompareAndSetAsync<T>(string key, T expected, T value, TimeSpan? ttl = null, CancellationToken cancellationToken = default)
    {
        KvKeys.ValidateTtl(ttl);
        var parameters = new
        {
            key = Key(key),
            expected = json.Serialize(expected),
            value = json.Serialize(value),
            ttl = (long)(ttl?.TotalMilliseconds ?? 0),
        };
        var result = await Traced("EVALSHA", parameters, static (db, p) => db.ScriptEvaluateAsync(CompareAndSetScript, p), cancellationToken).ConfigureAwait(false);
        return (long)result == 1;
    }

    public Task<bool> DeleteAsync(string key, CancellationToken cancellationToken = default) =>
        Traced("DEL", Key(key), static (db, k) => db.KeyDeleteAsync(k), cancellationToken);

    public Task<bool> ExistsAsync(string key, CancellationToken cancellationToken = default) =>
        Traced("EXISTS", Key(key), static (db, k) => db.KeyExistsAsync(k), cancellationToken);

    public async Task<long> IncrementAsync(string key, long by = 1, TimeSpan? ttl = null, CancellationToken cancellationToken = default)
    {
        KvKeys.ValidateTtl(ttl);
        var parameters = new
        {
            key = Key(key),
            by,
            ttl = (long)(ttl?.TotalMilliseconds ?? 0),
        };
        var result = await Traced("EVALSHA", parameters, static (db, p) => db.ScriptEvaluateAsync(IncrementScript, p), cancellationToken).ConfigureAwait(false);
        return (long)result;
    }

    public async IAsyncEnumerable<string> ListKeysAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
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

    /// <summary>One command inside a client span (static lambdas and a state argument: no closure per call).</summary>
    private async Task<TResult> Traced<TState, TResult>(string command, TState state, Func<IDatabase, TState, Task<TResult>> call, CancellationToken cancellationToken)
    {
        using var span = RedisSpans.Start(command);
        try
        {
            return await call(Database, state).WaitAsync(timeout, clock, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (RedisSpans.Fail(span, ex))
        {
            throw; // never reached: the filter marks the span and lets the exception pass
        }
        catch (TimeoutException ex)
        {
            throw new KvUnavailableException($"The key-value store did not answer {command} within {timeout.TotalMilliseconds:0} ms; try again shortly.", ex);
        }
        catch (RedisConnectionException ex)
        {
            throw new KvUnavailableException("The key-value store cannot be reached; try again shortly.", ex);
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
