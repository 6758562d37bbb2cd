namespace Bunbase.Cli.Benchmarking;

/// <summary>
/// Which rounds are outliers and which one is the median. A round is an outlier when its req/s lies
/// more than 2 standard deviations from the median, the deviation estimated robustly as 1.4826 times
/// the median absolute deviation (at least 1% of the median): over 3 rounds a plain mean and
/// standard deviation cannot flag anything, since one wild round inflates the deviation itself.
/// Needs 3 rounds or more.
/// </summary>
internal static class RoundSelection
{
    /// <summary>Marks outliers and returns the 0-based index of the median kept round (the lower one of an even count).</summary>
    public static (int Median, bool[] Outliers) Select(IReadOnlyList<double> throughputs)
    {
        var outliers = new bool[throughputs.Count];
        if (throughputs.Count >= 3)
        {
            var median = Median(throughputs);
            var deviation = Math.Max(1.4826 * Median([.. throughputs.Select(x => Math.Abs(x - median))]), 0.01 * median);
            for (var i = 0; i < throughputs.Count; i++)
                outliers[i] = Math.Abs(throughputs[i] - median) > 2 * deviation;
        }

        var kept = Enumerable.Range(0, throughputs.Count).Where(i => !outliers[i]).OrderBy(i => throughputs[i]).ToArray();
        return (kept[(kept.Length - 1) / 2], outliers);
    }

    private static double Median(IReadOnlyList<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
