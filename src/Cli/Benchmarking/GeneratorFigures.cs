namespace Bunbase.Cli.Benchmarking;

/// <summary>What the load generator itself cost: the tool process's CPU (user + system) while it ran.</summary>
internal sealed record GeneratorFigures(int Threads, double CpuSeconds, double CpuMicrosPerRequest);
