namespace Bunbase.Cli.Benchmarking;

/// <summary>What one load run measured.</summary>
/// <param name="Stats">Counts and histograms of every thread, merged.</param>
/// <param name="Elapsed">From the first connection to the last response awaited.</param>
/// <param name="GeneratorCpu">CPU time (user + system) the tool's process used meanwhile.</param>
internal sealed record LoadOutcome(WorkerStats Stats, TimeSpan Elapsed, TimeSpan GeneratorCpu);
