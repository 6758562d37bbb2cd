using Bunbase.Runtime.Pipeline;

namespace Bunbase.Runtime.Tests.Pipeline;

/// <summary>An error type new to the runtime, classified once, where it is declared.</summary>
internal sealed class TeapotException() : Exception("I am a teapot."), IClassifiedError
{
    public ErrorClassification Classification { get; } =
        new(418, "teapot", "This server is a teapot.", ActionOutcome.Rejected, retryable: false) { RetryAfter = "7" };
}
