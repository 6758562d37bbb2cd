namespace Bunbase.Cli.Benchmarking;

/// <summary>
/// Which rounds are outliers and which one is the median. A round is an outlier when its req/s
/// lies more than 2 standard deviations from the mean of the other rounds (leave-one-out: with
/// 3 rounds a plain 2-sigma rule over all of them can never fire). Needs 3 rounds or more.
/// </summary>
internal static class RoundSelection
{
    /// <summary>Marks outliers and returns the 0-based index of the median kept round (the lower one of an even count).</summary>
    public static (int Median, bool[] Outliers) Select(IReadOnlyList<double> throughputs)
    {
        var outliers = new bool[throughputs.Count];
        if (throughputs.Count >= 3)
        {
            for (var i = 0; i < throughputs.Count; i++)
            {
                var others = throughputs.Where((_, j) => j != i).ToArray();
                var mean = others.Average();
                var deviation = Math.Sqrt(others.Sum(x => (x - mean) * (x - mean)) / (others.Length - 1));
                outliers[i] = Math.Abs(throughputs[i] - mean) > 2 * deviation && deviation > 0;
            }

            // Never leave out a majority: then the "outliers" are the rule.
            if (outliers.Count(o => o) * 2 >= throughputs.Count)
                Array.Clear(outliers);
        }

        var kept = Enumerable.Range(0, throughputs.Count).Where(i => !outliers[i]).OrderBy(i => throughputs[i]).ToArray();
        return (kept[(kept.Length - 1) / 2], outliers);
    }
}
