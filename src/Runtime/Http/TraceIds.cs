using System.Diagnostics;
using Microsoft.AspNetCore.Http;

namespace Bunbase.Runtime.Http;

/// <summary>The trace id reported for a request: the current W3C trace when there is one.</summary>
internal static class TraceIds
{
    public static string Of(HttpContext http) => Activity.Current?.TraceId.ToHexString() ?? http.TraceIdentifier;
}
