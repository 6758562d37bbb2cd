namespace Bunbase.Runtime.Configuration;

/// <summary>The shape of log lines on standard output.</summary>
public enum LogFormat
{
    /// <summary>One JSON object a line, with <c>TraceId</c> and <c>SpanId</c> in its scopes: for log collectors.</summary>
    Json,

    /// <summary>Readable, colored lines with the trace and span ids beneath: for people.</summary>
    Text,
}
