namespace Bunbase;

/// <summary>
/// Runs the action on a schedule, as a job, exactly once per tick across every instance. The
/// expression has five fields (minute hour day month weekday) or six with seconds first. The
/// action's input must be creatable without arguments (no required members).
/// </summary>
/// <param name="expression">For example <c>*/5 * * * *</c> (every five minutes) or <c>0 30 9 * * MON-FRI</c>.</param>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class CronAttribute(string expression) : Attribute
{
    /// <summary>The cron expression.</summary>
    public string Expression { get; } = expression;

    /// <summary>The IANA time zone the schedule follows (daylight saving included).</summary>
    /// <value>The default is UTC.</value>
    public string? TimeZone { get; set; }

    /// <summary>What happens to ticks missed while no instance was running.</summary>
    /// <value>The default is <see cref="CronCatchUp.Latest"/>.</value>
    public CronCatchUp CatchUp { get; set; } = CronCatchUp.Latest;
}

/// <summary>Ticks missed while every instance was down (within the last day).</summary>
public enum CronCatchUp
{
    /// <summary>Run once for the latest missed tick, then follow the schedule.</summary>
    Latest,

    /// <summary>Skip missed ticks: only ticks that fall while an instance runs are run.</summary>
    None,
}
