namespace Bunbase;

/// <summary>How one job is enqueued; every member is optional.</summary>
public sealed record JobOptions
{
    /// <summary>Run no earlier than this long from now.</summary>
    /// <value>The default is none: as soon as a worker is free.</value>
    public TimeSpan? Delay { get; init; }

    /// <summary>Run no earlier than this moment (wins over <see cref="Delay"/>).</summary>
    /// <value>The default is none.</value>
    public DateTimeOffset? RunAt { get; init; }

    /// <summary>Higher runs first among jobs of one queue that are due.</summary>
    /// <value>The default is the action's <see cref="JobAttribute.Priority"/>, else 0.</value>
    public int? Priority { get; init; }

    /// <summary>The queue (each has its own workers).</summary>
    /// <value>The default is the action's <see cref="JobAttribute.Queue"/>, else <c>default</c>.</value>
    public string? Queue { get; init; }

    /// <summary>Attempts before the job is dead.</summary>
    /// <value>The default is the action's <see cref="JobAttribute.MaxAttempts"/>, else <c>queue.maxAttempts</c>.</value>
    public int? MaxAttempts { get; init; }

    /// <summary>
    /// A key that makes enqueueing idempotent: while a job made with this key is remembered
    /// (<c>queue.idempotencyWindowMs</c>), enqueueing again returns that job's id and adds nothing.
    /// </summary>
    /// <value>The default is none.</value>
    public string? IdempotencyKey { get; init; }
}
