using System.Diagnostics;

namespace Bunbase.Cli.Benchmarking;

/// <summary>
/// Runs a <see cref="LoadPlan"/> on its own threads (not the thread pool, so the load competes with
/// nothing else in the tool) and reports progress while it runs.
/// </summary>
internal static class LoadGenerator
{
    /// <summary>Runs the plan; <paramref name="progress"/> is called about once a second with the responses so far.</summary>
    public static async Task<LoadOutcome> RunAsync(LoadPlan plan, TimeProvider time, Action<long, TimeSpan>? progress, CancellationToken cancellationToken)
    {
        var threads = Math.Clamp(plan.Threads, 1, plan.Connections);
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var control = new LoadControl(time, time.GetTimestamp());
        var workers = new LoadWorker[threads];
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var running = threads;
        var failure = (Exception?)null;
        var firstConnection = 0;
        for (var i = 0; i < threads; i++)
        {
            var count = (plan.Connections / threads) + (i < plan.Connections % threads ? 1 : 0);
            var budget = plan.MaxRequests is { } max ? (max / threads) + (i < max % threads ? 1 : 0) : -1;
            var worker = workers[i] = new LoadWorker(plan, control, firstConnection, count, budget);
            firstConnection += count;
            var thread = new Thread(() =>
            {
                try
                {
                    worker.Run();
                }
                catch (Exception ex)
                {
                    failure ??= ex;
                    control.Abort();
                }
                finally
                {
                    if (Interlocked.Decrement(ref running) == 0)
                        done.TrySetResult();
                }
            })
            { IsBackground = true, Name = $"bunbase-load-{i}" };
            thread.Start();
        }

        using (cancellationToken.Register(control.Abort))
        {
            while (!done.Task.IsCompleted)
            {
                await Task.WhenAny(done.Task, Task.Delay(TimeSpan.FromSeconds(1), time, CancellationToken.None)).ConfigureAwait(false);
                if (progress is not null && !done.Task.IsCompleted)
                {
                    long responses = 0;
                    foreach (var worker in workers)
                        responses += Volatile.Read(ref worker.Stats.Responses);
                    progress(responses, time.GetElapsedTime(control.Start));
                }
            }
        }

        var elapsed = time.GetElapsedTime(control.Start);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        if (failure is not null)
            throw new InvalidOperationException($"a load thread failed: {failure.Message}", failure);
        cancellationToken.ThrowIfCancellationRequested();
        var stats = new WorkerStats();
        foreach (var worker in workers)
            stats.Add(worker.Stats);
        return new LoadOutcome(stats, elapsed, cpu);
    }
}
