using System.Diagnostics;

namespace Bunbase.Runtime.Tests.Infrastructure;

/// <summary>Bounded waiting for something that happens in the background (a job, a replica check).</summary>
public static class Eventually
{
    public static async Task TrueAsync(Func<Task<bool>> condition, string what, int seconds = 30)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(seconds))
        {
            if (await condition())
                return;
            await Task.Delay(50);
        }

        throw new TimeoutException($"Waited {seconds} s for {what}.");
    }
}
