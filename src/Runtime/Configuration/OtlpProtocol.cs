namespace Bunbase.Runtime.Configuration;

/// <summary>How OTLP data is sent to the collector.</summary>
public enum OtlpProtocol
{
    /// <summary>Protobuf over HTTP/1.1 POSTs (the collector's port 4318).</summary>
    HttpProtobuf,

    /// <summary>gRPC over HTTP/2 (the collector's port 4317).</summary>
    Grpc,
}
