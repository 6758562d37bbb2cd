namespace Bunbase.Runtime.Subscriptions;

/// <summary>An event a subscription gave up on: its last error and how many attempts it had; <c>retrying</c> once put back.</summary>
internal sealed record DeadLetter(
    Guid Id,
    string Subscription,
    Guid EventId,
    long GlobalPosition,
    string Stream,
    string Type,
    string Error,
    int Attempts,
    string Status,
    DateTimeOffset DiedAt);
