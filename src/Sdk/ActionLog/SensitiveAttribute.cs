namespace Bunbase;

/// <summary>
/// Keeps a property's value out of the action-run log: its input and output JSON there show
/// <c>"[redacted]"</c> instead. Properties named like a password, secret or token are redacted
/// without it (see <c>persistence.redact</c>); mark anything else that must not be stored.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter, Inherited = true)]
public sealed class SensitiveAttribute : Attribute;
