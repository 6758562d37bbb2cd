using HdrHistogram;

namespace Bunbase.Cli.Benchmarking;

/// <summary>A latency distribution in milliseconds (from an HdrHistogram recorded in microseconds).</summary>
internal sealed record LatencySummary(double Mean, double Stdev, double P50, double P75, double P90, double P95, double P99, double P999, double Max)
{
    public static LatencySummary From(HistogramBase histogram)
    {
        if (histogram.TotalCount == 0)
            return new(0, 0, 0, 0, 0, 0, 0, 0, 0);
        double Ms(double micros) => Math.Round(micros / 1000, 3);
        double At(double percentile) => Ms(histogram.GetValueAtPercentile(percentile));
        return new(Ms(histogram.GetMean()), Ms(histogram.GetStdDeviation()), At(50), At(75), At(90), At(95), At(99), At(99.9), Ms(histogram.GetMaxValue()));
    }
}
