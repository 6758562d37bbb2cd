namespace Bunbase.Cli.Benchmarking;

/// <summary>The options a run used, as recorded in its results.</summary>
internal sealed record ResultsSettings(double DurationSeconds, double WarmupSeconds, int Connections, int Pipelining, int Rounds, double? Rate, int Threads, double TimeoutSeconds, long? MaxRequests)
{
    public static ResultsSettings From(BenchmarkSettings settings) =>
        new(settings.Duration.TotalSeconds, settings.Warmup.TotalSeconds, settings.Connections, settings.Pipelining, settings.Rounds, settings.Rate, settings.Threads, settings.Timeout.TotalSeconds, settings.MaxRequests);
}
