using System.Data.Common;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Bunbase.Runtime.Data;
using Dapper;

namespace Bunbase.Runtime.Kv;

/// <summary>
/// <c>ctx.Kv</c> in the database when there is no Redis: PostgreSQL (shared by every instance) or
/// the embedded SQLite file. Every operation is one atomic statement (an upsert, a conditional
/// update, a delete ... returning). Expiry follows the process's clock; an expired key reads as
/// missing at once and its row is deleted by <see cref="RemoveExpiredAsync"/>.
/// </summary>
internal sealed class SqlKeyValueStore(Database database, string keyPrefix, KvJson json, TimeProvider clock) : IKeyValueStore
{
    private const int ListPageSize = 1000;
    private const string Live = "(expires_at is null or expires_at > @Now)";

    public static Task EnsureSchemaAsync(Database database, CancellationToken cancellationToken) =>
        RuntimeSchema.EnsureAsync(database, KvSchema.PostgreSql, KvSchema.Sqlite, cancellationToken);

    public async Task<T?> GetAsync<T>(string key, CancellationToken cancellationToken = default)
    {
        var value = await OnConnectionAsync(
            (c, p, t) => c.QuerySingleOrDefaultAsync<string?>(new CommandDefinition($"select value from bunbase_kv where key = @Key and {Live}", p, cancellationToken: t)),
            new { Key = Key(key), Now = Now() },
            cancellationToken).ConfigureAwait(false);
        return value is null ? default : json.Deserialize<T>(key, value);
    }

    public Task SetAsync<T>(string key, T value, TimeSpan? ttl = null, CancellationToken cancellationToken = default) =>
        ExecuteAsync(
            "insert into bunbase_kv (key, value, expires_at) values (@Key, @Value, @ExpiresAt) on conflict (key) do update set value = excluded.value, expires_at = excluded.expires_at",
            new { Key = Key(key), Value = json.Serialize(value), ExpiresAt = ExpiresAt(ttl) },
            cancellationToken);

    public async Task<bool> SetIfNotExistsAsync<T>(string key, T value, TimeSpan? ttl = null, CancellationToken cancellationToken = default) =>
        await ExecuteAsync(
            """
            insert into bunbase_kv (key, value, expires_at) values (@Key, @Value, @ExpiresAt)
            on conflict (key) do update set value = excluded.value, expires_at = excluded.expires_at
            where bunbase_kv.expires_at is not null and bunbase_kv.expires_at <= @Now
            """,
            new { Key = Key(key), Value = json.Serialize(value), ExpiresAt = ExpiresAt(ttl), Now = Now() },
            cancellationToken).ConfigureAwait(false) == 1;

    public async Task<bool> CompareAndSetAsync<T>(string key, T expected, T value, TimeSpan? ttl = null, CancellationToken cancellationToken = default) =>
        await ExecuteAsync(
            $"update bunbase_kv set value = @Value, expires_at = @ExpiresAt where key = @Key and value = @Expected and {Live}",
            new { Key = Key(key), Expected = json.Serialize(expected), Value = json.Serialize(value), ExpiresAt = ExpiresAt(ttl), Now = Now() },
            cancellationToken).ConfigureAwait(false) == 1;

    public async Task<bool> DeleteAsync(string key, CancellationToken cancellationToken = default) =>
        await OnConnectionAsync(
            (c, p, t) => c.QuerySingleOrDefaultAsync<bool?>(new CommandDefinition($"delete from bunbase_kv where key = @Key returning {Live}", p, cancellationToken: t)),
            new { Key = Key(key), Now = Now() },
            cancellationToken).ConfigureAwait(false) == true;

    public async Task<bool> ExistsAsync(string key, CancellationToken cancellationToken = default) =>
        await OnConnectionAsync(
            (c, p, t) => c.ExecuteScalarAsync<long>(new CommandDefinition($"select count(*) from bunbase_kv where key = @Key and {Live}", p, cancellationToken: t)),
            new { Key = Key(key), Now = Now() },
            cancellationToken).ConfigureAwait(false) > 0;

    public async Task<long> IncrementAsync(string key, long by = 1, TimeSpan? ttl = null, CancellationToken cancellationToken = default)
    {
        // A missing (or expired) counter starts from zero and takes the time to live; a live one keeps its own.
        var value = await OnConnectionAsync(
            (c, p, t) => c.ExecuteScalarAsync<string>(new CommandDefinition(
                $"""
                insert into bunbase_kv (key, value, expires_at) values (@Key, @Start, @ExpiresAt)
                on conflict (key) do update set
                    value = case when {Live.Replace("expires_at", "bunbase_kv.expires_at", StringComparison.Ordinal)} then cast(cast(bunbase_kv.value as bigint) + @By as text) else excluded.value end,
                    expires_at = case when {Live.Replace("expires_at", "bunbase_kv.expires_at", StringComparison.Ordinal)} then bunbase_kv.expires_at else excluded.expires_at end
                returning value
                """,
                p,
                cancellationToken: t)),
            new { Key = Key(key), By = by, Start = by.ToString(CultureInfo.InvariantCulture), ExpiresAt = ExpiresAt(ttl), Now = Now() },
            cancellationToken).ConfigureAwait(false);
        return long.Parse(value!, CultureInfo.InvariantCulture);
    }

    public async IAsyncEnumerable<string> ListKeysAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        var from = keyPrefix + prefix;
        var upper = UpperBound(from);
        var after = (string?)null;
        while (true)
        {
            var page = await OnConnectionAsync(
                (c, p, t) => c.QueryAsync<string>(new CommandDefinition(
                    $"select key from bunbase_kv where key >= @From and (@Upper is null or key < @Upper) and (@After is null or key > @After) and {Live} order by key limit {ListPageSize}",
                    p,
                    cancellationToken: t)),
                new { From = from, Upper = upper, After = after, Now = Now() },
                cancellationToken).ConfigureAwait(false);
            var count = 0;
            foreach (var key in page)
            {
                count++;
                after = key;
                yield return key[keyPrefix.Length..];
            }

            if (count < ListPageSize)
                yield break;
        }
    }

    /// <summary>Deletes rows that expired by <paramref name="now"/> (they already read as missing), one batch; returns how many.</summary>
    public static Task<int> RemoveExpiredAsync(Database database, DateTimeOffset now, CancellationToken cancellationToken) =>
        database.OnPrimaryAsync(
            c => c.ExecuteAsync(new CommandDefinition(
                "delete from bunbase_kv where key in (select key from bunbase_kv where expires_at <= @Now limit 10000)",
                new { Now = now.ToUnixTimeMilliseconds() },
                cancellationToken: cancellationToken)),
            cancellationToken);

    /// <summary>
    /// The smallest string above every string starting with <paramref name="prefix"/> in code point
    /// order (the byte order of UTF-8, which both engines compare keys by), or null when there is none.
    /// </summary>
    private static string? UpperBound(string prefix)
    {
        var runes = prefix.EnumerateRunes().ToList();
        while (runes.Count > 0)
        {
            var last = runes[^1].Value;
            runes.RemoveAt(runes.Count - 1);
            if (last == 0x10FFFF)
                continue;
            runes.Add(new Rune(last + 1 == 0xD800 ? 0xE000 : last + 1)); // code points skip the surrogates
            return string.Concat(runes.Select(r => r.ToString()));
        }

        return null;
    }

    private long Now() => clock.GetUtcNow().ToUnixTimeMilliseconds();

    private long? ExpiresAt(TimeSpan? ttl)
    {
        KvKeys.ValidateTtl(ttl);
        return ttl is { } value ? Now() + (long)Math.Ceiling(value.TotalMilliseconds) : null;
    }

    private string Key(string key)
    {
        KvKeys.Validate(key);
        return keyPrefix + key;
    }

    private Task<int> ExecuteAsync(string sql, object parameters, CancellationToken cancellationToken) =>
        OnConnectionAsync((c, p, t) => c.ExecuteAsync(new CommandDefinition(sql, p, cancellationToken: t)), parameters, cancellationToken);

    private Task<T> OnConnectionAsync<T>(Func<DbConnection, object, CancellationToken, Task<T>> work, object parameters, CancellationToken cancellationToken) =>
        database.OnPrimaryAsync(c => work(c, parameters, cancellationToken), cancellationToken);
}
