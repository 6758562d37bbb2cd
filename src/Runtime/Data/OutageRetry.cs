namespace Bunbase.Runtime.Data;

/// <summary>
/// Writes the outcome of something already done outside (a mail sent, a webhook delivered) through a database outage: the
/// write is tried again, 100 ms doubling up to 5 s apart, while the database cannot be reached
/// (<see cref="DatabaseErrors.IsOutage"/>), until it is written or <c>stop</c> fires. Failing instead would make the job
/// that did it fail, and its retry do it again.
/// </summary>
internal static class OutageRetry
{
    /// <summary>Runs <paramref name="write"/> (with no cancellation: a write half-done is not left to chance) until it is written; <paramref name="onOutage"/> is called at the first outage.</summary>
    public static async Task<T> WriteAsync<T>(Func<Task<T>> write, TimeProvider clock, Action<Exception> onOutage, CancellationToken stop)
    {
        for (var tries = 0; ; tries++)
        {
            try
            {
                return await write().ConfigureAwait(false);
            }
            catch (Exception ex) when (DatabaseErrors.IsOutage(ex) && !stop.IsCancellationRequested)
            {
                if (tries == 0)
                    onOutage(ex);
            }

            await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(5_000, 100 << Math.Min(tries, 6))), clock, stop).ConfigureAwait(false);
        }
    }
}
