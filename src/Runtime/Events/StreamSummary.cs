namespace Bunbase.Runtime.Events;

/// <summary>One stream as <c>bunbase events streams</c> lists it.</summary>
internal sealed record StreamSummary(string Stream, string Category, long Version, DateTimeOffset UpdatedAt);
