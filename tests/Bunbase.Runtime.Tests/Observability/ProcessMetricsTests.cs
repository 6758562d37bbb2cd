using Bunbase.Runtime.Observability;
using Bunbase.Runtime.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace Bunbase.Runtime.Tests.Observability;

/// <summary>Process metrics on a registry of the test's own, with a clock the test moves.</summary>
public sealed class ProcessMetricsTests
{
    private const int Opened = 40;
    private readonly MetricRegistry _registry = new();
    private readonly FakeTimeProvider _clock = new();

    public ProcessMetricsTests() => ProcessMetrics.Register(_registry, _clock);

    [Fact]
    public async Task Within_the_refresh_interval_a_scrape_serves_the_last_reading_of_the_process()
    {
        var first = await ScrapeAsync();
        var handles = OpenHandles();
        try
        {
            var second = await ScrapeAsync();

            Assert.Equal(first.Value("process_open_handles"), second.Value("process_open_handles"));
            Assert.Equal(first.Value("process_num_threads"), second.Value("process_num_threads"));
            Assert.Equal(first.Value("process_working_set_bytes"), second.Value("process_working_set_bytes"));
        }
        finally
        {
            Close(handles);
        }
    }

    [Fact]
    public async Task After_the_refresh_interval_a_scrape_reads_the_process_again()
    {
        var first = await ScrapeAsync();
        var handles = OpenHandles();
        try
        {
            _clock.Advance(ProcessMetrics.RefreshInterval);
            var second = await ScrapeAsync();

            // Other tests open and close handles meanwhile: the test's own are most of the difference.
            Assert.True(second.Value("process_open_handles") > first.Value("process_open_handles"));
        }
        finally
        {
            Close(handles);
        }
    }

    [Fact]
    public async Task Managed_memory_is_read_again_only_after_the_refresh_interval()
    {
        var first = (await ScrapeAsync()).Value("dotnet_total_memory_bytes");
        var kept = new byte[8 << 20];
        kept[^1] = 1;

        var within = (await ScrapeAsync()).Value("dotnet_total_memory_bytes");
        _clock.Advance(ProcessMetrics.RefreshInterval);
        var after = (await ScrapeAsync()).Value("dotnet_total_memory_bytes");
        GC.KeepAlive(kept);

        Assert.Equal(first, within);
        Assert.NotEqual(first, after);
    }

    [Fact]
    public async Task Every_metric_of_the_familiar_set_is_served_with_a_value()
    {
        var metrics = await ScrapeAsync();

        Assert.True(metrics.Declares("process_cpu_seconds_total", "counter"));
        Assert.True(metrics.Declares("dotnet_collection_count_total", "counter"));
        foreach (var gauge in new[] { "process_start_time_seconds", "process_virtual_memory_bytes", "process_working_set_bytes", "process_private_memory_bytes", "process_open_handles", "process_num_threads", "dotnet_total_memory_bytes" })
        {
            Assert.True(metrics.Declares(gauge, "gauge"), gauge);
            Assert.True(metrics.Value(gauge) > 0, gauge);
        }

        Assert.True(metrics.Value("process_cpu_seconds_total") > 0);
        Assert.Equal(GC.MaxGeneration + 1, metrics.Find("dotnet_collection_count_total").Count());
    }

    [Fact]
    public async Task Cpu_time_is_read_at_every_scrape()
    {
        var first = (await ScrapeAsync()).Value("process_cpu_seconds_total");
        var spin = System.Diagnostics.Stopwatch.StartNew();
        while (Environment.CpuUsage.TotalTime.TotalSeconds < first + 0.05 && spin.Elapsed < TimeSpan.FromSeconds(30))
            Thread.SpinWait(1000);

        Assert.True((await ScrapeAsync()).Value("process_cpu_seconds_total") >= first + 0.05);
    }

    private static FileStream[] OpenHandles()
    {
        var path = Path.GetTempFileName();
        var handles = new FileStream[Opened];
        for (var i = 0; i < handles.Length; i++)
            handles[i] = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        File.Delete(path);
        return handles;
    }

    private static void Close(FileStream[] handles)
    {
        foreach (var handle in handles)
            handle.Dispose();
    }

    private Task<MetricsText> ScrapeAsync() => Task.FromResult(MetricsText.Parse(_registry.CollectText()));
}
