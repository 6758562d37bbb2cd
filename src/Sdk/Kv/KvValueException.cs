namespace Bunbase;

/// <summary>A stored value could not be read as the requested type.</summary>
public sealed class KvValueException : Exception
{
    /// <summary>Creates the error for a key.</summary>
    /// <param name="key">The key, without the store's prefix.</param>
    /// <param name="type">The requested type.</param>
    /// <param name="innerException">Why the value did not deserialize.</param>
    public KvValueException(string key, Type type, Exception innerException)
        : base($"The value at key '{key}' is not a valid {type?.Name}: {innerException?.Message}", innerException)
    {
        Key = key;
    }

    /// <summary>The key whose value is unreadable.</summary>
    public string Key { get; }
}
