namespace Bunbase;

/// <summary>A job's input fails its action's validation: the job was not enqueued.</summary>
public sealed class InvalidJobInputException : ArgumentException
{
    /// <summary>Creates the error.</summary>
    /// <param name="action">The action.</param>
    /// <param name="errors">Field errors by JSON name.</param>
    public InvalidJobInputException(string action, IReadOnlyDictionary<string, string[]> errors)
        : base($"The input of job '{action}' is not valid, so it was not enqueued: "
            + string.Join("; ", (errors ?? throw new ArgumentNullException(nameof(errors))).Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")))
    {
        Action = action;
        Errors = errors;
    }

    /// <summary>The action the job was for.</summary>
    public string Action { get; }

    /// <summary>Field errors by JSON name.</summary>
    public IReadOnlyDictionary<string, string[]> Errors { get; }
}
