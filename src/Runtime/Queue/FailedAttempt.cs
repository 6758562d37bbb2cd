namespace Bunbase.Runtime.Queue;

/// <summary>A failed attempt to record: the job is due again after <paramref name="RetryAfter"/>, or dead when it is null.</summary>
internal sealed record FailedAttempt(Guid Id, string Error, TimeSpan? RetryAfter);
