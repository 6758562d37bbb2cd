namespace Bunbase;

/// <summary>
/// The output of an action that has nothing to answer: <c>ActionHandler&lt;TInput, NoContent&gt;</c>,
/// returning <see cref="Value"/>. Over HTTP such an action answers 204 No Content with no body (or, with
/// an explicit <see cref="HttpTriggerAttribute.Status"/> such as 202, that status with no body), and
/// its OpenAPI operation describes a response without content.
/// </summary>
public sealed class NoContent
{
    private NoContent()
    {
    }

    /// <summary>The one value.</summary>
    public static NoContent Value { get; } = new();
}
