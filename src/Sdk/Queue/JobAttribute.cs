namespace Bunbase;

/// <summary>How an action runs as a job: its queue, priority, attempts and backoff. Optional: any action can be enqueued.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = true)]
public sealed class JobAttribute : Attribute
{
    /// <summary>The queue its jobs go to.</summary>
    /// <value>The default is <c>default</c>.</value>
    public string Queue { get; set; } = "default";

    /// <summary>The priority of its jobs; higher runs first.</summary>
    /// <value>The default is 0.</value>
    public int Priority { get; set; }

    /// <summary>Attempts before a job is dead; 0 uses <c>queue.maxAttempts</c>.</summary>
    /// <value>The default is 0.</value>
    public int MaxAttempts { get; set; }

    /// <summary>The first retry's delay (<c>500ms</c>, <c>10s</c>, <c>1m</c>), doubling each attempt, with jitter; none uses <c>queue.backoffMs</c>.</summary>
    /// <value>The default is none.</value>
    public string? Backoff { get; set; }

    /// <summary>The longest retry delay (<c>1h</c>); none uses <c>queue.maxBackoffMs</c>.</summary>
    /// <value>The default is none.</value>
    public string? MaxBackoff { get; set; }
}
