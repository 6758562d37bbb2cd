namespace Bunbase.Runtime.Subscriptions;

/// <summary>How an event's delivery ended when it did not succeed: the last error, and the attempts made.</summary>
internal sealed record DeliveryFailure(string Error, int Attempts);
