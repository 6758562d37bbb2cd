using System.Globalization;
using System.Runtime.InteropServices;

namespace Bunbase.Cli.Benchmarking;

/// <summary>A process's CPU time and memory, read from /proc (Linux); null elsewhere or when the process is gone.</summary>
internal static partial class ProcessFigures
{
    private const int ScClkTck = 2;
    private static readonly Lazy<long> TicksPerSecond = new(() => OperatingSystem.IsLinux() ? Math.Max(1, SysConf(ScClkTck)) : 100);

    /// <summary>User + system CPU time from /proc/PID/stat.</summary>
    public static TimeSpan? Cpu(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // The command name (field 2) may hold spaces and parentheses: count fields after its last ')'.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            return TimeSpan.FromSeconds((double)ticks / TicksPerSecond.Value);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }

    /// <summary>Resident set size now (VmRSS) and at its peak (VmHWM), in bytes, from /proc/PID/status.</summary>
    public static (long Rss, long Peak)? Memory(int pid)
    {
        try
        {
            long rss = 0, peak = 0;
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                    rss = Kilobytes(line);
                else if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                    peak = Kilobytes(line);
            }

            return (rss, peak);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException)
        {
            return null;
        }
    }

    private static long Kilobytes(string line) =>
        long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;

    [LibraryImport("libc", EntryPoint = "sysconf")]
    private static partial long SysConf(int name);
}
