namespace Bunbase.Runtime.Queue;

/// <summary>A job that will not run again unless retried, with why.</summary>
internal sealed record DeadJob(Guid Id, string Queue, string Action, string Input, int Attempts, string? LastError, DateTimeOffset CreatedAt, DateTimeOffset DiedAt);
