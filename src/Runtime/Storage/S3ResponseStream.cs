using Amazon.S3.Model;
using Bunbase.Runtime.Foundation;

namespace Bunbase.Runtime.Storage;

/// <summary>The body of a GET from S3; disposing it disposes the response (and its connection).</summary>
internal sealed class S3ResponseStream(GetObjectResponse response) : ForwardReadStream
{
    private readonly Stream _inner = response.ResponseStream;

    public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, count);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        _inner.ReadAsync(buffer, offset, count, cancellationToken);

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        _inner.ReadAsync(buffer, cancellationToken);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            response.Dispose();
        base.Dispose(disposing);
    }
}
