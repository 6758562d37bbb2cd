namespace Bunbase.Runtime.Foundation;

/// <summary>
/// The loop of a background service that does one round every interval until the host stops: a failed round is
/// reported and the next one runs as usual, and stopping (or disposal after a start that failed, such as a port in
/// use) ends the loop without an exception for the host to report.
/// </summary>
internal static class Periodic
{
    /// <param name="interval">Time between rounds, on <paramref name="clock"/>.</param>
    /// <param name="clock">The host's clock (tests advance it).</param>
    /// <param name="round">One round.</param>
    /// <param name="failed">Told of a round's failure (a log line: a loop that fails in silence looks like one that works); the loop goes on.</param>
    /// <param name="runAtStart">Whether the first round runs at once rather than after one interval.</param>
    /// <param name="stoppingToken">The host's stopping token.</param>
    public static async Task RunAsync(
        TimeSpan interval, TimeProvider clock, Func<CancellationToken, Task> round, Action<Exception> failed, bool runAtStart, CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(interval, clock);
        try
        {
            if (!runAtStart && !await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
                return;
            do
            {
                try
                {
                    await round(stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    return;
                }
#pragma warning disable CA1031 // A failed round (the database is away) must not end the loop or stop the host: the next one may succeed.
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    failed(ex);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping, or disposed after a start that failed.
        }
    }
}
