using Microsoft.Extensions.Logging;

namespace Bunbase.Runtime.Configuration;

/// <summary>Log output (<c>observability.logging.*</c>).</summary>
public sealed class LoggingOptions
{
    /// <summary>The least severe level written (framework categories stay at <c>Warning</c> or above).</summary>
    /// <value>The default is <see cref="LogLevel.Information"/>.</value>
    public LogLevel Level { get; set; } = LogLevel.Information;

    /// <summary>How log lines are written to standard output.</summary>
    /// <value>The default is <see cref="LogFormat.Text"/> in the Development environment and <see cref="LogFormat.Json"/> elsewhere.</value>
    public LogFormat? Format { get; set; }

    /// <summary>Where log records are also exported over OTLP (<c>observability.logging.otlp.*</c>); nowhere without an endpoint.</summary>
    public OtlpOptions Otlp { get; set; } = new();
}
