using Bunbase.Runtime.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Bunbase.Runtime.Hosting;

/// <summary>
/// Holds the web server open for <c>shutdownDrainMs</c> once shutdown begins. The host runs every
/// <see cref="IHostedLifecycleService.StoppingAsync"/> before any <c>StopAsync</c>, the web server's
/// included, so during this wait the instance still accepts connections while readiness answers 503
/// and <see cref="DrainingRequests"/> closes each connection after its response and hands idempotent
/// requests from the proxy back (which tells nginx to stop sending here). A proxy without active
/// health checks (open-source nginx) thus never has a connection closed under a request it has sent;
/// after the drain, new connections are refused, which a proxy retries elsewhere.
/// </summary>
internal sealed partial class ShutdownDrain(BunbaseOptions options, IHostApplicationLifetime lifetime, TimeProvider clock, ILogger<ShutdownDrain> logger) : IHostedLifecycleService
{
    private int _drained;

    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        // Once: a host stopped again (disposed after a stop) does not wait a second time.
        if (Interlocked.Exchange(ref _drained, 1) == 1)
            return;

        // Host.StopAsync called directly (not through SIGTERM) signals ApplicationStopping only after
        // this returns; signalled here, readiness and Connection: close start with the drain either way.
        lifetime.StopApplication();
        if (options.ShutdownDrainMs == 0)
            return;
        LogDraining(logger, options.ShutdownDrainMs);
        try
        {
            await Task.Delay(TimeSpan.FromMilliseconds(options.ShutdownDrainMs), clock, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // shutdownTimeoutMs is up (or a second signal): stop now.
        }
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Draining for {DrainMs} ms: not ready, closing connections after their responses, still accepting")]
    private static partial void LogDraining(ILogger logger, int drainMs);
}
