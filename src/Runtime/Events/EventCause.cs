namespace Bunbase.Runtime.Events;

/// <summary>
/// The event an invocation handles, as far as publishing cares: events it publishes are caused by
/// <see cref="Id"/> and carry its <see cref="CorrelationId"/> unless told otherwise.
/// </summary>
internal sealed record EventCause(Guid Id, string? CorrelationId);
