using System.Diagnostics.Metrics;

namespace Bunbase.Runtime.Observability;

/// <summary>The runtime's one <see cref="Meter"/>: every capability counts through it.</summary>
internal static class RuntimeMeter
{
    public const string Name = "Bunbase.Runtime";

    public static Meter Instance { get; } = new(Name);
}
