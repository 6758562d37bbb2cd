using System.Diagnostics;

namespace Bunbase.Runtime.Observability;

/// <summary>
/// The runtime's one <see cref="ActivitySource"/>: action spans, Redis calls and job hops. With no
/// listener (tracing off, or no exporter) starting a span returns <see langword="null"/> and costs nothing.
/// </summary>
internal static class RuntimeActivitySource
{
    public const string Name = "Bunbase.Runtime";

    public static ActivitySource Instance { get; } = new(Name, typeof(RuntimeActivitySource).Assembly.GetName().Version?.ToString());
}
