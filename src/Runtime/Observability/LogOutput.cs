using Bunbase.Runtime.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Bunbase.Runtime.Observability;

/// <summary>
/// Standard output as JSON lines (one object a line, for collectors) or readable text (for
/// people), both with the trace and span ids of the current activity in every line written
/// inside a request or job (<see cref="ActivityTrackingOptions"/>).
/// </summary>
internal static class LogOutput
{
    public static void Configure(ILoggingBuilder logging, LoggingOptions options, IHostEnvironment environment)
    {
        logging.ClearProviders();
        logging.Configure(factory => factory.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId);
        var format = options.Format ?? (environment.IsDevelopment() ? LogFormat.Text : LogFormat.Json);
        if (format == LogFormat.Json)
        {
            logging.AddJsonConsole(json =>
            {
                json.IncludeScopes = true;
                json.UseUtcTimestamp = true;
                json.TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";
            });
        }
        else
        {
            logging.AddSimpleConsole(text =>
            {
                text.IncludeScopes = true;
                text.TimestampFormat = "HH:mm:ss.fff ";
            });
        }

        logging.SetMinimumLevel(options.Level);

        // Per-request framework logs are noise at Information; the host's lifetime messages stay.
        logging.AddFilter("Microsoft.AspNetCore", options.Level > LogLevel.Warning ? options.Level : LogLevel.Warning);
        logging.AddFilter("Npgsql", options.Level > LogLevel.Warning ? options.Level : LogLevel.Warning); // it logs every command at Information

        // With multiplexing, a connection that cannot be opened is logged with a stack trace for every
        // command that waited on it, and then thrown to that command: the caller's own report (one
        // summary line per interval for an outage) says it once.
        logging.AddFilter("Npgsql.Connection", LogLevel.Critical);

        // The host logs a refused start-up with a stack trace before RunAsync prints its one line;
        // our background services log their own failures, so nothing else from it is lost.
        logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.Critical);
    }
}
