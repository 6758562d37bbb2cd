namespace Bunbase;

/// <summary>An object opened for reading: its description and its content (the whole object or the range asked for). Dispose it.</summary>
public sealed class StoredObject : IAsyncDisposable, IDisposable
{
    /// <summary>Wraps an opened object.</summary>
    /// <param name="info">The object's description.</param>
    /// <param name="content">The content (owned: disposed with this object).</param>
    /// <param name="range">The range <paramref name="content"/> holds; null for the whole object.</param>
    public StoredObject(StoredObjectInfo info, Stream content, ByteRange? range = null)
    {
        ArgumentNullException.ThrowIfNull(info);
        ArgumentNullException.ThrowIfNull(content);
        Info = info;
        Content = content;
        Range = range;
    }

    /// <summary>The object's description (<see cref="StoredObjectInfo.Length"/> is the whole object's).</summary>
    public StoredObjectInfo Info { get; }

    /// <summary>The content, read forward once.</summary>
    public Stream Content { get; }

    /// <summary>The range of the object <see cref="Content"/> holds (its end clamped to the object's); null for the whole object.</summary>
    public ByteRange? Range { get; }

    /// <inheritdoc/>
    public ValueTask DisposeAsync() => Content.DisposeAsync();

    /// <inheritdoc/>
    public void Dispose() => Content.Dispose();
}
