using Bunbase.Runtime.Foundation;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Bunbase.Runtime.Http;

/// <summary>
/// Cuts a request body read as a stream (an upload) that stops arriving once the server is stopping. Kestrel no
/// longer enforces its minimum data rate then, so a client that stopped sending would hold the stop until
/// <c>shutdownTimeoutMs</c>; a body still arriving is read to its end. Reads through <see cref="Body"/> with
/// <see cref="Token"/> are cancelled once the body has not advanced for the rate's grace period after the stop began.
/// The JSON binder, which reads the pipe, applies the same rule itself.
/// </summary>
internal sealed class ShutdownStall : IDisposable
{
    private readonly CancellationTokenSource _cut;
    private readonly CancellationTokenRegistration _stopping;
    private readonly CancellationToken _aborted;
    private readonly TimeSpan _grace;
    private volatile bool _watching;

    public ShutdownStall(HttpContext http)
    {
        _aborted = http.RequestAborted;
        _cut = CancellationTokenSource.CreateLinkedTokenSource(_aborted);
        _grace = RequestBodyErrors.StallAfterShutdown(http);
        Body = new ProgressStream(http.Request.Body, this);
        if (http.RequestServices.GetService<IHostApplicationLifetime>() is { } lifetime)
            _stopping = lifetime.ApplicationStopping.Register(static stall => ((ShutdownStall)stall!).Watch(), this);
    }

    /// <summary>The request body, noting each read that brings bytes.</summary>
    public Stream Body { get; }

    /// <summary>The request's abort, and the cut of a stalled body once the server is stopping.</summary>
    public CancellationToken Token => _cut.Token;

    /// <summary>Whether the body was cut for stalling (not the client going away).</summary>
    public bool Cut => _cut.IsCancellationRequested && !_aborted.IsCancellationRequested;

    private void Watch()
    {
        _watching = true;
        Advanced();
    }

    private void Advanced()
    {
        if (_watching)
            _cut.CancelAfter(_grace);
    }

    public void Dispose()
    {
        // Waits for a running Watch, so the source is not used once disposed.
        _stopping.Dispose();
        _cut.Dispose();
    }

    private sealed class ProgressStream(Stream inner, ShutdownStall stall) : ForwardReadStream
    {
        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var read = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            if (read > 0)
                stall.Advanced();
            return read;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);
    }
}
