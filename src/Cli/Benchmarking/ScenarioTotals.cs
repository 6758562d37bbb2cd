namespace Bunbase.Cli.Benchmarking;

/// <summary>Counts summed over every round of a scenario.</summary>
internal sealed record ScenarioTotals(long Requests, long Errors, long Timeouts, long Non2xx);
