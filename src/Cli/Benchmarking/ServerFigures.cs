namespace Bunbase.Cli.Benchmarking;

/// <summary>The server process's own cost, read from /proc/PID: CPU time (user + system) during the round, RSS at its end and its peak (VmHWM).</summary>
internal sealed record ServerFigures(int Pid, double CpuSeconds, double CpuMicrosPerRequest, long RssBytes, long PeakRssBytes);
