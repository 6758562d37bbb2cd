using System.Diagnostics;
using System.Globalization;

namespace Bunbase.Runtime.Observability;

/// <summary>
/// The process and .NET runtime metrics (<c>process_*</c>, <c>dotnet_*</c>) under prometheus-net's
/// DotNetStats names. CPU time and GC counts are read at every collection (a system call or less);
/// managed memory (<see cref="GC.GetTotalMemory(bool)"/> walks every heap's allocation contexts: a tenth
/// of a scrape's CPU) and what <see cref="Process"/> has to read from the operating system (memory
/// sizes, open handles, threads: several files under <c>/proc</c>, one per thread) at most once per
/// <see cref="RefreshInterval"/>, and never by two collections at once.
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
    private readonly CounterSeries[] _collections;
    private readonly CounterSeries _cpu;
    private readonly GaugeSeries _totalMemory;
    private readonly GaugeSeries _virtualMemory;
    private readonly GaugeSeries _workingSet;
    private readonly GaugeSeries _privateMemory;
    private readonly GaugeSeries _openHandles;
    private readonly GaugeSeries _threads;
    private long _nextRead = long.MinValue;
    private int _reading;

    private ProcessMetrics(MetricRegistry registry, TimeProvider time)
    {
        _time = time;
        var collections = registry.CreateCounter("dotnet_collection_count_total", "GC collection count", ["generation"]);
        _collections = new CounterSeries[GC.MaxGeneration + 1];
        for (var generation = 0; generation < _collections.Length; generation++)
            _collections[generation] = collections.WithLabels(generation.ToString(CultureInfo.InvariantCulture));
        registry.CreateGauge("process_start_time_seconds", "Start time of the process since unix epoch in seconds.").Unlabelled
            .Set(new DateTimeOffset(_process.StartTime.ToUniversalTime()).ToUnixTimeMilliseconds() / 1000.0);
        _cpu = registry.CreateCounter("process_cpu_seconds_total", "Total user and system CPU time spent in seconds.").Unlabelled;
        _virtualMemory = registry.CreateGauge("process_virtual_memory_bytes", "Virtual memory size in bytes.").Unlabelled;
        _workingSet = registry.CreateGauge("process_working_set_bytes", "Process working set").Unlabelled;
        _privateMemory = registry.CreateGauge("process_private_memory_bytes", "Process private memory size").Unlabelled;
        _openHandles = registry.CreateGauge("process_open_handles", "Number of open handles").Unlabelled;
        _threads = registry.CreateGauge("process_num_threads", "Total number of threads").Unlabelled;
        _totalMemory = registry.CreateGauge("dotnet_total_memory_bytes", "Total known allocated memory").Unlabelled;
    }

    /// <summary>Declares the metrics in <paramref name="registry"/> and updates them before each scrape.</summary>
    public static void Register(MetricRegistry registry, TimeProvider time)
    {
        var metrics = new ProcessMetrics(registry, time);
        registry.AddBeforeCollectCallback(metrics.Update);
    }

    private void Update()
    {
        _cpu.IncTo(Environment.CpuUsage.TotalTime.TotalSeconds);
        for (var generation = 0; generation < _collections.Length; generation++)
            _collections[generation].IncTo(GC.CollectionCount(generation));

        var now = _time.GetTimestamp();
        if (now < Volatile.Read(ref _nextRead) || Interlocked.Exchange(ref _reading, 1) == 1)
            return; // read recently, or being read by another scrape: serve the last reading
        try
        {
            _totalMemory.Set(GC.GetTotalMemory(forceFullCollection: false));
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
