using System.Collections.Concurrent;

namespace Bunbase.JobsApp.Actions;

/// <summary>Named gates <see cref="Gated"/> jobs wait at: a test counts who arrived and opens them.</summary>
public static class Gates
{
    private static readonly ConcurrentDictionary<string, Gate> All = new(StringComparer.Ordinal);

    /// <summary>How many jobs reached the gate (waiting or passed).</summary>
    public static int Arrived(string name) => Volatile.Read(ref For(name).Arrived);

    public static void Open(string name) => For(name).Opened.TrySetResult();

    internal static Task PassAsync(string name, CancellationToken cancellationToken)
    {
        var gate = For(name);
        Interlocked.Increment(ref gate.Arrived);
        return gate.Opened.Task.WaitAsync(cancellationToken);
    }

    private static Gate For(string name) => All.GetOrAdd(name, _ => new Gate());

    private sealed class Gate
    {
#pragma warning disable SA1401, CA1051 // a counter updated with Interlocked
        public int Arrived;
#pragma warning restore SA1401, CA1051

        public TaskCompletionSource Opened { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
