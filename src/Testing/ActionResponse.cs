using System.Net;
using System.Net.Http.Headers;

namespace Bunbase.Testing;

/// <summary>What an action answered: its status, and the output on success or the problem on failure.</summary>
/// <typeparam name="TOutput">The action's output type.</typeparam>
public sealed class ActionResponse<TOutput>
{
    internal ActionResponse(HttpStatusCode status, HttpResponseHeaders headers, TOutput? output, ActionProblem? problem)
    {
        Status = status;
        Headers = headers;
        Output = output;
        Problem = problem;
    }

    /// <summary>The HTTP status.</summary>
    public HttpStatusCode Status { get; }

    /// <summary>Whether the status is 2xx.</summary>
    public bool IsSuccess => (int)Status is >= 200 and < 300;

    /// <summary>The response headers (<c>Session-Token</c>, <c>Retry-After</c>, ...).</summary>
    public HttpResponseHeaders Headers { get; }

    /// <summary>The output on success; default otherwise.</summary>
    public TOutput? Output { get; }

    /// <summary>The problem on failure; null on success.</summary>
    public ActionProblem? Problem { get; }

    /// <summary>The output, or an <see cref="ActionCallException"/> with the problem.</summary>
    public TOutput EnsureSuccess() => IsSuccess ? Output! : throw new ActionCallException(Problem!);
}
