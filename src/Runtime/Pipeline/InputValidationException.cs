namespace Bunbase.Runtime.Pipeline;

/// <summary>The input failed its DataAnnotations: a 400 with per-field messages.</summary>
internal sealed class InputValidationException(IReadOnlyDictionary<string, string[]> errors)
    : Exception("The input is not valid.")
{
    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors;
}
