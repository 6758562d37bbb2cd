
namespace Bunbase.Runtime.Pipeline;

/// <summary>
/// A handler returned an output that fails its own validation: a server bug, answered with 500
/// and logged with the field errors (never reported to the caller as their mistake).
/// </summary>
internal sealed class OutputValidationException(string action, IReadOnlyDictionary<string, string[]> errors)
    : Exception($"Action '{action}' returned an output that fails its own validation: "
        + string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}"))), IClassifiedError
{
    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors;

    public ErrorClassification Classification =>
        new(500, "invalid_output", ErrorClassification.GenericDetail, ActionOutcome.Failed, retryable: false) { Logging = ErrorLogging.InvalidOutput };
}
