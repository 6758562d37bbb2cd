namespace Bunbase.Runtime.Observability;

/// <summary>
/// The last hour of this instance's requests, kept in memory so the Studio can chart them without Prometheus:
/// one <see cref="RequestSample"/> every <see cref="Interval"/>, at most <see cref="Capacity"/> (the oldest dropped).
/// A request costs three interlocked increments; the sampler closes an interval by swapping the counters.
/// Latencies fall into log-scale buckets (about 19% wide), so a percentile is within a bucket's width.
/// </summary>
internal sealed class RequestHistory : IDisposable
{
    /// <summary>One sample every 10 seconds.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    /// <summary>360 samples: an hour.</summary>
    public const int Capacity = 360;

    // Bucket i holds latencies up to Bound(i) ms: 0.05 ms * 1.19^i, 100 buckets reach past 1,800 s.
    private const int Buckets = 100;
    private const double First = 0.05;
    private const double Growth = 1.19;

    private static readonly double LogGrowth = Math.Log(Growth);

    private readonly TimeProvider _clock;
    private readonly ITimer _timer;
    private readonly Queue<RequestSample> _samples = new(Capacity);
    private readonly Lock _gate = new();
    private long[] _latencies = new long[Buckets + 1];
    private long _requests;
    private long _errors;
    private DateTimeOffset _since;

    public RequestHistory(TimeProvider clock)
    {
        _clock = clock;
        _since = clock.GetUtcNow();
        _timer = clock.CreateTimer(_ => Close(), null, Interval, Interval);
    }

    /// <summary>Counts one answered request.</summary>
    public void Record(int status, double elapsedMs)
    {
        Interlocked.Increment(ref _requests);
        if (status >= 500 && status != 499)
            Interlocked.Increment(ref _errors);
        Interlocked.Increment(ref Volatile.Read(ref _latencies)[Bucket(elapsedMs)]);
    }

    /// <summary>The samples of the last hour, oldest first.</summary>
    public IReadOnlyList<RequestSample> Samples()
    {
        lock (_gate)
            return [.. _samples];
    }

    /// <summary>Closes the current interval into a sample (the timer calls this; tests may too).</summary>
    public void Close()
    {
        lock (_gate)
        {
            var now = _clock.GetUtcNow();
            var latencies = Interlocked.Exchange(ref _latencies, new long[Buckets + 1]);
            var requests = Interlocked.Exchange(ref _requests, 0);
            var errors = Interlocked.Exchange(ref _errors, 0);
            var sample = new RequestSample(now, requests, errors, Percentile(latencies, 0.50), Percentile(latencies, 0.95), Percentile(latencies, 0.99), (now - _since).TotalSeconds);
            _since = now;
            if (_samples.Count == Capacity)
                _samples.Dequeue();
            _samples.Enqueue(sample);
        }
    }

    public void Dispose() => _timer.Dispose();

    private static int Bucket(double ms) =>
        ms <= First ? 0 : Math.Min(Buckets, (int)Math.Ceiling(Math.Log(ms / First) / LogGrowth));

    private static double Bound(int bucket) => First * Math.Pow(Growth, bucket);

    private static double Percentile(long[] counts, double quantile)
    {
        var total = 0L;
        foreach (var count in counts)
            total += count;
        if (total == 0)
            return 0;
        var rank = (long)Math.Ceiling(quantile * total);
        var seen = 0L;
        for (var i = 0; i < counts.Length; i++)
        {
            seen += counts[i];
            if (seen >= rank)
                return Math.Round(Bound(i), 2);
        }

        return Math.Round(Bound(Buckets), 2);
    }
}
