using Bunbase.Runtime.Observability;
using Microsoft.Extensions.Time.Testing;

namespace Bunbase.Runtime.Tests.Observability;

/// <summary>The Studio's last hour of requests: one sample per interval, bounded, with rates and percentiles.</summary>
public sealed class RequestHistoryTests
{
    [Fact]
    public void Each_interval_becomes_one_sample_with_its_rate_errors_and_percentiles()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-12-06T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        using var history = new RequestHistory(clock);
        for (var i = 1; i <= 100; i++)
            history.Record(i <= 2 ? 500 : 200, i); // 1 ms .. 100 ms
        history.Record(499, 1); // the client went away: not a server error

        clock.Advance(RequestHistory.Interval);

        var sample = Assert.Single(history.Samples());
        Assert.Equal(101, sample.Requests);
        Assert.Equal(2, sample.Errors);
        Assert.Equal(10.1, sample.Rate, 3);
        Assert.InRange(sample.P50Ms, 50, 50 * 1.2);
        Assert.InRange(sample.P99Ms, 99, 99 * 1.2);
        Assert.True(sample.P50Ms <= sample.P95Ms && sample.P95Ms <= sample.P99Ms);
    }

    [Fact]
    public void It_keeps_an_hour_and_drops_the_oldest()
    {
        var clock = new FakeTimeProvider();
        using var history = new RequestHistory(clock);

        for (var i = 0; i < RequestHistory.Capacity + 5; i++)
        {
            history.Record(200, 1);
            clock.Advance(RequestHistory.Interval);
        }

        var samples = history.Samples();
        Assert.Equal(RequestHistory.Capacity, samples.Count);
        Assert.Equal(TimeSpan.FromHours(1) - RequestHistory.Interval, samples[^1].At - samples[0].At);
        Assert.All(samples, s => Assert.Equal(1, s.Requests));
    }

    [Fact]
    public void An_empty_interval_is_a_zero_sample_and_huge_latencies_stay_in_the_last_bucket()
    {
        var clock = new FakeTimeProvider();
        using var history = new RequestHistory(clock);
        clock.Advance(RequestHistory.Interval);
        history.Record(200, double.MaxValue);
        clock.Advance(RequestHistory.Interval);

        var samples = history.Samples();
        Assert.Equal((0L, 0.0, 0.0), (samples[0].Requests, samples[0].P99Ms, samples[0].ErrorRate));
        Assert.Equal(1, samples[1].Requests);
        Assert.True(samples[1].P99Ms > 1_000_000);
    }
}
