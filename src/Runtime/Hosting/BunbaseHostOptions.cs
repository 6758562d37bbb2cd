using OpenTelemetry.Logs;
using OpenTelemetry.Trace;

namespace Bunbase.Runtime.Hosting;

/// <summary>How <see cref="BunbaseApplication"/> finds its configuration; rarely needed outside tests and tools.</summary>
public sealed class BunbaseHostOptions
{
    /// <summary>The configuration file.</summary>
    /// <value>The default is <c>--config PATH</c> from the arguments, else <c>BUNBASE_CONFIG</c>, else <c>bunbase.config.json</c> in the content root.</value>
    public string? ConfigPath { get; set; }

    /// <summary>The content root (relative paths in configuration resolve against it).</summary>
    /// <value>The default is the directory of the configuration file.</value>
    public string? ContentRoot { get; set; }

    /// <summary>The environment name (Development, Production, ...).</summary>
    /// <value>The default is <c>ASPNETCORE_ENVIRONMENT</c> or <c>DOTNET_ENVIRONMENT</c>, else Production.</value>
    public string? EnvironmentName { get; set; }

    /// <summary>The environment variables configuration reads.</summary>
    /// <value>The default is the process environment.</value>
    public System.Collections.IDictionary? Environment { get; set; }

    /// <summary>More tracing configuration (a test's in-memory exporter); spans are recorded when it is set.</summary>
    internal Action<TracerProviderBuilder>? ConfigureTracing { get; set; }

    /// <summary>More log-export configuration (a test's in-memory exporter); log records are exported when it is set.</summary>
    internal Action<LoggerProviderBuilder>? ConfigureLogExport { get; set; }

    /// <summary>
    /// Services registered before the runtime's own (Bunbase.Testing's clock and request tracking): a
    /// <see cref="TimeProvider"/> registered here is the one every part of the runtime reads.
    /// </summary>
    internal Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? ConfigureServices { get; set; }
}
