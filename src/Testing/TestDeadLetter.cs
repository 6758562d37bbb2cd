namespace Bunbase.Testing;

/// <summary>An event a subscription gave up on (parked in the dead letters), for assertions.</summary>
/// <param name="Id">The dead letter's id (for <c>bunbase events retry</c>).</param>
/// <param name="Subscription">The subscription: the <c>[On]</c> action's name.</param>
/// <param name="EventId">The event's id.</param>
/// <param name="Position">The event's global position.</param>
/// <param name="Stream">The event's stream.</param>
/// <param name="Type">The event's type.</param>
/// <param name="Error">The last error: its code and message (the exception's type for an unexpected one).</param>
/// <param name="Attempts">How many attempts it had.</param>
/// <param name="Status"><c>dead</c>, or <c>retrying</c> once put back.</param>
/// <param name="DiedAt">When it was parked.</param>
public sealed record TestDeadLetter(Guid Id, string Subscription, Guid EventId, long Position, string Stream, string Type, string Error, int Attempts, string Status, DateTimeOffset DiedAt);
