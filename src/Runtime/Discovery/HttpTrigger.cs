namespace Bunbase.Runtime.Discovery;

/// <summary>An action's HTTP trigger: method, parsed route and success status.</summary>
internal sealed record HttpTrigger(string Method, RouteTemplate Route, int SuccessStatus)
{
    /// <summary>The methods the route answers: GET routes answer HEAD too.</summary>
    public IReadOnlyList<string> Methods { get; } = Method == "GET" ? ["GET", "HEAD"] : [Method];

    public bool HasResponseBody => SuccessStatus != 204;
}
