namespace Bunbase.Runtime.Http;

/// <summary>
/// A stored object as a seekable stream of known length, opened lazily from the position of the
/// first read (a ranged GET on S3): what lets the framework's range handling serve any backend
/// without reading the skipped bytes. The object changing under it (another ETag) ends the read.
/// </summary>
internal sealed class SeekableObjectStream(IFileStorage storage, StoredObjectInfo info) : Stream
{
    private StoredObject? _open;
    private long _position;

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length => info.Length;

    public override long Position
    {
        get => _position;
        set => Seek(value, SeekOrigin.Begin);
    }

    public override long Seek(long offset, SeekOrigin origin)
    {
        var target = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            _ => info.Length + offset,
        };
        ArgumentOutOfRangeException.ThrowIfNegative(target, nameof(offset));
        if (target != _position)
        {
            _open?.Dispose();
            _open = null;
            _position = target;
        }

        return _position;
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("Read it asynchronously.");

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_position >= info.Length || buffer.IsEmpty)
            return 0;
        if (_open is null)
        {
            _open = await storage.GetAsync(info.Key, new ByteRange(_position), cancellationToken).ConfigureAwait(false)
                ?? throw new IOException($"The file '{info.Key}' was removed while it was being sent.");
            if (_open.Info.ETag != info.ETag)
                throw new IOException($"The file '{info.Key}' changed while it was being sent.");
        }

        var read = await _open.Content.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        _position += read;
        return read;
    }

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            _open?.Dispose();
        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        if (_open is not null)
            await _open.DisposeAsync().ConfigureAwait(false);
        await base.DisposeAsync().ConfigureAwait(false);
    }
}
