namespace Bunbase.Runtime.Webhooks;

/// <summary>
/// What an inbound delivery's headers say, checked before its body is read: the delivery id (null when the
/// scheme takes it from the body), the signed timestamp and its text as signed, and the signatures to try.
/// </summary>
internal sealed record SignedHeaders(string? Id, DateTimeOffset? Timestamp, string? TimestampText, IReadOnlyList<string> Signatures);
