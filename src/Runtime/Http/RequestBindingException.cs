using Bunbase.Runtime.Pipeline;

namespace Bunbase.Runtime.Http;

/// <summary>The request cannot be turned into the action's input; carries the problem response to send.</summary>
internal sealed class RequestBindingException(int status, string code, string detail, IReadOnlyDictionary<string, string[]>? errors = null)
    : Exception(detail), IClassifiedError
{
    public int Status { get; } = status;

    public string Code { get; } = code;

    public IReadOnlyDictionary<string, string[]>? Errors { get; } = errors;

    public ErrorClassification Classification =>
        new(Status, Code, Message, ActionOutcome.Rejected, retryable: false) { Errors = Errors };

    public static RequestBindingException Fields(IReadOnlyDictionary<string, string[]> errors) =>
        new(400, "validation_failed", "One or more fields are invalid.", errors);

    public static RequestBindingException Field(string key, string message) =>
        Fields(new Dictionary<string, string[]> { [key] = [message] });
}
