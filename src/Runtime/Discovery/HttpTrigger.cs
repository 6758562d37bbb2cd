namespace Bunbase.Runtime.Discovery;

/// <summary>An action's HTTP trigger: method, parsed route and success status (without a body when 204 or the output is <see cref="NoContent"/>).</summary>
internal sealed record HttpTrigger(string Method, RouteTemplate Route, int SuccessStatus, bool NoContent = false)
{
    /// <summary>The methods the route answers: GET routes answer HEAD too.</summary>
    public IReadOnlyList<string> Methods { get; } = Method == "GET" ? ["GET", "HEAD"] : [Method];

    public bool HasResponseBody => SuccessStatus != 204 && !NoContent;
}
