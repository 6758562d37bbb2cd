using System.Globalization;
using System.Runtime.CompilerServices;

namespace Bunbase.Runtime.Kv;

/// <summary>
/// <c>ctx.Kv</c> in process, when Redis is not configured: the same contract (TTL, atomic
/// compare-and-set and increment) for one process. Expired entries are dropped when touched and
/// swept now and then.
/// </summary>
internal sealed class InMemoryKeyValueStore(TimeProvider clock, KvJson json) : IKeyValueStore
{
    private const int SweepEvery = 1024;
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private int _writes;

    public Task<T?> Get<T>(string key, CancellationToken cancellationToken = default)
    {
        string? value;
        lock (_lock)
            value = Live(key)?.Value;
        return Task.FromResult(value is null ? default : json.Deserialize<T>(key, value));
    }

    public Task Set<T>(string key, T value, TimeSpan? ttl = null, CancellationToken cancellationToken = default)
    {
        var text = Prepare(key, value, ttl);
        lock (_lock)
            Write(key, text, ttl);
        return Task.CompletedTask;
    }

    public Task<bool> SetIfNotExists<T>(string key, T value, TimeSpan? ttl = null, CancellationToken cancellationToken = default)
    {
        var text = Prepare(key, value, ttl);
        lock (_lock)
        {
            if (Live(key) is not null)
                return Task.FromResult(false);
            Write(key, text, ttl);
            return Task.FromResult(true);
        }
    }

    public Task<bool> CompareAndSet<T>(string key, T expected, T value, TimeSpan? ttl = null, CancellationToken cancellationToken = default)
    {
        var text = Prepare(key, value, ttl);
        var expectedText = json.Serialize(expected);
        lock (_lock)
        {
            if (Live(key)?.Value != expectedText)
                return Task.FromResult(false);
            Write(key, text, ttl);
            return Task.FromResult(true);
        }
    }

    public Task<bool> Delete(string key, CancellationToken cancellationToken = default)
    {
        KvKeys.Validate(key);
        lock (_lock)
            return Task.FromResult(Live(key) is not null && _entries.Remove(key));
    }

    public Task<bool> Exists(string key, CancellationToken cancellationToken = default)
    {
        KvKeys.Validate(key);
        lock (_lock)
            return Task.FromResult(Live(key) is not null);
    }

    public Task<long> Increment(string key, long by = 1, TimeSpan? ttl = null, CancellationToken cancellationToken = default)
    {
        KvKeys.Validate(key);
        KvKeys.ValidateTtl(ttl);
        lock (_lock)
        {
            var current = Live(key);
            long value;
            if (current is null)
            {
                value = by;
                Write(key, value.ToString(CultureInfo.InvariantCulture), ttl);
            }
            else
            {
                if (!long.TryParse(current.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var old))
                    throw new KvValueException(key, typeof(long), new FormatException("the value is not an integer"));
                value = checked(old + by);
                _entries[key] = current with { Value = value.ToString(CultureInfo.InvariantCulture) };
            }

            return Task.FromResult(value);
        }
    }

    public async IAsyncEnumerable<string> ListKeys(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        List<string> keys;
        lock (_lock)
        {
            var now = clock.GetUtcNow();
            keys = _entries.Where(e => e.Key.StartsWith(prefix, StringComparison.Ordinal) && !e.Value.IsExpired(now)).Select(e => e.Key).ToList();
        }

        foreach (var key in keys)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return key;
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }

    private string Prepare<T>(string key, T value, TimeSpan? ttl)
    {
        KvKeys.Validate(key);
        KvKeys.ValidateTtl(ttl);
        return json.Serialize(value);
    }

    private Entry? Live(string key)
    {
        KvKeys.Validate(key);
        if (!_entries.TryGetValue(key, out var entry))
            return null;
        if (!entry.IsExpired(clock.GetUtcNow()))
            return entry;
        _entries.Remove(key);
        return null;
    }

    private void Write(string key, string value, TimeSpan? ttl)
    {
        var now = clock.GetUtcNow();
        _entries[key] = new Entry(value, ttl is { } t ? now + t : null);
        if (++_writes % SweepEvery == 0)
        {
            foreach (var expired in _entries.Where(e => e.Value.IsExpired(now)).Select(e => e.Key).ToList())
                _entries.Remove(expired);
        }
    }

    private sealed record Entry(string Value, DateTimeOffset? ExpiresAt)
    {
        public bool IsExpired(DateTimeOffset now) => ExpiresAt is { } at && at <= now;
    }
}
