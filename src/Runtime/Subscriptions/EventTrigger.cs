using Bunbase.Runtime.Pipeline;

namespace Bunbase.Runtime.Subscriptions;

/// <summary>The trigger of invocations started by events, as the run log and spans name it.</summary>
internal static class EventTrigger
{
    public static InvocationTrigger Event { get; } = new("event");
}
