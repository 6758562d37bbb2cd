namespace Bunbase;

/// <summary>
/// <c>ctx.Kv</c>: a key-value store shared by every instance (Redis when <c>redis.url</c> is set,
/// in-process otherwise). Values are stored as JSON; every key gets the configured prefix.
/// Keys are 1 to 512 UTF-8 bytes.
/// </summary>
public interface IKeyValueStore
{
    /// <summary>Reads a value.</summary>
    /// <returns>The value, or <see langword="default"/> when the key does not exist.</returns>
    /// <exception cref="KvValueException">The stored value is not a valid <typeparamref name="T"/>.</exception>
    Task<T?> GetAsync<T>(string key, CancellationToken cancellationToken = default);

    /// <summary>Writes a value, with an optional time to live, in one atomic step.</summary>
    Task SetAsync<T>(string key, T value, TimeSpan? ttl = null, CancellationToken cancellationToken = default);

    /// <summary>Writes a value only when the key does not exist.</summary>
    /// <returns>Whether the value was written.</returns>
    Task<bool> SetIfNotExistsAsync<T>(string key, T value, TimeSpan? ttl = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Replaces the value only when the current one equals <paramref name="expected"/> (compared
    /// as JSON), atomically.
    /// </summary>
    /// <returns>Whether the value was replaced; <see langword="false"/> is a conflict (or a missing key).</returns>
    Task<bool> CompareAndSetAsync<T>(string key, T expected, T value, TimeSpan? ttl = null, CancellationToken cancellationToken = default);

    /// <summary>Removes a key.</summary>
    /// <returns>Whether the key existed.</returns>
    Task<bool> DeleteAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Whether a key exists.</summary>
    Task<bool> ExistsAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>
    /// Adds to an integer counter atomically (a missing key counts as 0). The time to live, when
    /// given, is set when the counter is created and left alone afterwards.
    /// </summary>
    /// <returns>The new value.</returns>
    Task<long> IncrementAsync(string key, long by = 1, TimeSpan? ttl = null, CancellationToken cancellationToken = default);

    /// <summary>Lists the keys that start with <paramref name="prefix"/> (incrementally, never blocking the store).</summary>
    IAsyncEnumerable<string> ListKeysAsync(string prefix, CancellationToken cancellationToken = default);
}
