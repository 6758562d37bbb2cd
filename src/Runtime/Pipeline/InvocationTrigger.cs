namespace Bunbase.Runtime.Pipeline;

/// <summary>
/// What started an invocation, by name: the run log and the action's span record it. Every
/// transport names its own (an <see cref="Invocation"/> cannot be made without one).
/// </summary>
internal sealed class InvocationTrigger
{
    public InvocationTrigger(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
    }

    public static InvocationTrigger Http { get; } = new("http");

    public static InvocationTrigger Call { get; } = new("call");

    public static InvocationTrigger Job { get; } = new("job");

    public static InvocationTrigger Cron { get; } = new("cron");

    /// <summary>A job enqueued by an inbound webhook delivery.</summary>
    public static InvocationTrigger Webhook { get; } = new("webhook");

    public string Name { get; }

    public override string ToString() => Name;
}
