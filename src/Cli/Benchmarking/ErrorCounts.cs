namespace Bunbase.Cli.Benchmarking;

/// <summary>Errors by kind. <paramref name="Connect"/>: connections refused or failed (no request lost); <paramref name="Read"/>: requests whose connection closed or failed before their response; <paramref name="Write"/>: requests that could not be sent; <paramref name="Protocol"/>: responses that were not HTTP/1.x (and bytes nobody asked for).</summary>
internal sealed record ErrorCounts(long Connect, long Read, long Write, long Protocol);
