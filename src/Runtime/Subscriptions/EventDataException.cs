using Bunbase.Runtime.Pipeline;

namespace Bunbase.Runtime.Subscriptions;

/// <summary>An event whose data the subscribing action cannot read as its input: trying again cannot help, so it is parked at once.</summary>
internal sealed class EventDataException(string action, string reason)
    : Exception($"The event's data does not fit the input of '{action}': {reason}"), IClassifiedError
{
    public ErrorClassification Classification => new(400, "invalid_event_data", Message, ActionOutcome.Rejected, retryable: false);
}
