using System.Net;

namespace Bunbase.Cli.Benchmarking;

/// <summary>What one load run does: where, which requests, how many connections, how long or how many.</summary>
/// <param name="Target">The server's address.</param>
/// <param name="Host">The Host header the requests were encoded with (for messages).</param>
/// <param name="Requests">The encoded requests.</param>
/// <param name="Connections">Open connections, spread over <paramref name="Threads"/>.</param>
/// <param name="Threads">Load threads; each owns its connections.</param>
/// <param name="Pipelining">Requests in flight on a connection at once (1: no pipelining).</param>
/// <param name="Duration">How long requests are issued (responses in flight at the end are still awaited).</param>
/// <param name="Rate">Total requests per second in constant-rate mode; null for closed loop.</param>
/// <param name="MaxRequests">Stop issuing after this many requests in all (exact counts for tests); null for no limit.</param>
/// <param name="Timeout">A request unanswered this long counts as a timeout and its connection is reopened.</param>
internal sealed record LoadPlan(
    IPEndPoint Target,
    string Host,
    RequestPool Requests,
    int Connections,
    int Threads,
    int Pipelining,
    TimeSpan Duration,
    double? Rate,
    long? MaxRequests,
    TimeSpan Timeout);
