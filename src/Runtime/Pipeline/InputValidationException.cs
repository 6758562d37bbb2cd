
namespace Bunbase.Runtime.Pipeline;

/// <summary>The input failed its DataAnnotations: a 400 with per-field messages.</summary>
internal sealed class InputValidationException(IReadOnlyDictionary<string, string[]> errors)
    : Exception("The input is not valid."), IClassifiedError
{
    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors;

    public ErrorClassification Classification =>
        new(400, "validation_failed", "One or more fields are invalid.", ActionOutcome.Rejected, retryable: false) { Errors = Errors };
}
