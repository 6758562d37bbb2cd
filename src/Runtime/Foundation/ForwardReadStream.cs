namespace Bunbase.Runtime.Foundation;

/// <summary>
/// The fixed part of a stream that is only read, forward: no seeking, no writing, no length or position
/// unless a subclass knows them. Subclasses give <see cref="Stream.Read(byte[], int, int)"/> and what else they do better.
/// </summary>
internal abstract class ForwardReadStream : Stream
{
    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
