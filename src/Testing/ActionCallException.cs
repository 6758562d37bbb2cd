using System.Net;

namespace Bunbase.Testing;

/// <summary>A typed call that the app answered with an error: the status, the problem's <c>code</c> and the problem itself.</summary>
public sealed class ActionCallException : Exception
{
    /// <summary>Creates the exception for a problem response.</summary>
    /// <param name="problem">What the app answered.</param>
    public ActionCallException(ActionProblem problem)
        : base($"{(int)(problem ?? throw new ArgumentNullException(nameof(problem))).Status} {problem.Code}: {problem.Detail ?? problem.Body}")
    {
        Problem = problem;
    }

    /// <summary>The HTTP status.</summary>
    public HttpStatusCode Status => Problem.Status;

    /// <summary>The problem's <c>code</c>.</summary>
    public string? Code => Problem.Code;

    /// <summary>The whole problem.</summary>
    public ActionProblem Problem { get; }
}
