using Microsoft.AspNetCore.Http;

namespace Bunbase.Runtime.Foundation;

/// <summary>
/// A request whose client went away before its answer: nothing is written, and it is recorded
/// (metrics, span, run log) with status 499, the "client closed request" of nginx, rather than the
/// 200 a response that was never sent still holds.
/// </summary>
internal static class ClientGone
{
    public const int Status = 499;

    /// <summary>The status to record for a finished request: 499 when the client left before the response started.</summary>
    public static int RecordedStatus(HttpContext http) =>
        http.RequestAborted.IsCancellationRequested && !http.Response.HasStarted ? Status : http.Response.StatusCode;
}
