using System.Diagnostics;
using System.Globalization;
using Prometheus;

namespace Bunbase.Runtime.Observability;

/// <summary>
/// The process and .NET runtime metrics (<c>process_*</c>, <c>dotnet_*</c>) under prometheus-net's
/// DotNetStats names. CPU time, GC counts and managed memory are read at every scrape (each a
/// system call or less); what <see cref="Process"/> has to read from the operating system (memory
/// sizes, open handles, threads: several files under <c>/proc</c>, one per thread) at most once per
/// <see cref="RefreshInterval"/>, and never by two scrapes at once.
/// </summary>
/// <remarks>
/// DotNetStats refreshed the <see cref="Process"/> on every scrape under a lock: about 3 ms of CPU
/// per scrape, with concurrent scrapes queued behind each other.
/// </remarks>
internal sealed class ProcessMetrics
{
    /// <summary>How long a reading of the process's memory, handles and threads is served before it is read again.</summary>
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(1);

    private readonly TimeProvider _time;
    private readonly Process _process = Process.GetCurrentProcess();
    private readonly Counter.Child[] _collections;
    private readonly Counter _cpu;
    private readonly Gauge _totalMemory;
    private readonly Gauge _virtualMemory;
    private readonly Gauge _workingSet;
    private readonly Gauge _privateMemory;
    private readonly Gauge _openHandles;
    private readonly Gauge _threads;
    private long _nextRead = long.MinValue;
    private int _reading;

    private ProcessMetrics(IMetricFactory factory, TimeProvider time)
    {
        _time = time;
        var collections = factory.CreateCounter("dotnet_collection_count_total", "GC collection count", ["generation"]);
        _collections = new Counter.Child[GC.MaxGeneration + 1];
        for (var generation = 0; generation < _collections.Length; generation++)
            _collections[generation] = collections.WithLabels(generation.ToString(CultureInfo.InvariantCulture));
        factory.CreateGauge("process_start_time_seconds", "Start time of the process since unix epoch in seconds.")
            .Set(new DateTimeOffset(_process.StartTime.ToUniversalTime()).ToUnixTimeMilliseconds() / 1000.0);
        _cpu = factory.CreateCounter("process_cpu_seconds_total", "Total user and system CPU time spent in seconds.");
        _virtualMemory = factory.CreateGauge("process_virtual_memory_bytes", "Virtual memory size in bytes.");
        _workingSet = factory.CreateGauge("process_working_set_bytes", "Process working set");
        _privateMemory = factory.CreateGauge("process_private_memory_bytes", "Process private memory size");
        _openHandles = factory.CreateGauge("process_open_handles", "Number of open handles");
        _threads = factory.CreateGauge("process_num_threads", "Total number of threads");
        _totalMemory = factory.CreateGauge("dotnet_total_memory_bytes", "Total known allocated memory");
    }

    /// <summary>Declares the metrics in <paramref name="registry"/> and updates them before each scrape.</summary>
    public static void Register(CollectorRegistry registry, IMetricFactory factory, TimeProvider time)
    {
        var metrics = new ProcessMetrics(factory, time);
        registry.AddBeforeCollectCallback(metrics.Update);
    }

    private void Update()
    {
        _cpu.IncTo(Environment.CpuUsage.TotalTime.TotalSeconds);
        for (var generation = 0; generation < _collections.Length; generation++)
            _collections[generation].IncTo(GC.CollectionCount(generation));
        _totalMemory.Set(GC.GetTotalMemory(forceFullCollection: false));

        var now = _time.GetTimestamp();
        if (now < Volatile.Read(ref _nextRead) || Interlocked.Exchange(ref _reading, 1) == 1)
            return; // read recently, or being read by another scrape: serve the last reading
        try
        {
            _process.Refresh();
            _virtualMemory.Set(_process.VirtualMemorySize64);
            _workingSet.Set(_process.WorkingSet64);
            _privateMemory.Set(_process.PrivateMemorySize64);
            _openHandles.Set(_process.HandleCount);
            _threads.Set(_process.Threads.Count);
        }
        catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception or IOException or UnauthorizedAccessException or NotSupportedException)
        {
            // Served as last read: a metric is never worth failing the scrape.
        }
        finally
        {
            Volatile.Write(ref _nextRead, now + (long)(RefreshInterval.TotalSeconds * _time.TimestampFrequency));
            Volatile.Write(ref _reading, 0);
        }
    }
}
