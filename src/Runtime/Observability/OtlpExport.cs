using Bunbase.Runtime.Configuration;
using OpenTelemetry.Exporter;
using OpenTelemetry.Logs;

namespace Bunbase.Runtime.Observability;

/// <summary>Turns <see cref="OtlpOptions"/> into the exporter's options for one signal.</summary>
internal static class OtlpExport
{
    /// <param name="options">The configured exporter (its endpoint is set).</param>
    /// <param name="signalPath">The path appended over HTTP to a bare base URL: <c>v1/traces</c> or <c>v1/logs</c>.</param>
    public static Action<OtlpExporterOptions> Configure(OtlpOptions options, string signalPath) => exporter =>
    {
        var endpoint = new Uri(options.Endpoint!, UriKind.Absolute);
        if (options.Protocol == OtlpProtocol.HttpProtobuf && endpoint.AbsolutePath is "" or "/")
            endpoint = new Uri(endpoint, signalPath);
        exporter.Endpoint = endpoint;
        exporter.Protocol = options.Protocol == OtlpProtocol.Grpc ? OtlpExportProtocol.Grpc : OtlpExportProtocol.HttpProtobuf;
        exporter.TimeoutMilliseconds = options.TimeoutMs;
        if (options.Headers is not null)
            exporter.Headers = options.Headers;
        exporter.BatchExportProcessorOptions.MaxQueueSize = options.MaxQueueSize; // read for spans
    };

    /// <summary>The same for log records, whose batching options the SDK keeps apart from the exporter's.</summary>
    public static Action<OtlpExporterOptions, LogRecordExportProcessorOptions> ConfigureLogs(OtlpOptions options)
    {
        var exporter = Configure(options, "v1/logs");
        return (exporterOptions, processor) =>
        {
            exporter(exporterOptions);
            processor.BatchExportProcessorOptions.MaxQueueSize = options.MaxQueueSize;
        };
    }
}
