using System.Reflection;
using System.Text.RegularExpressions;
using Bunbase.Runtime.Configuration;

namespace Bunbase.Runtime.Discovery;

/// <summary>What an action declares about running as a job (<c>[Job]</c>, <c>[Cron]</c>); the configured defaults fill the rest at enqueue.</summary>
internal sealed partial class JobSettings
{
    public static readonly JobSettings Default = new("default", 0, null, null, null, null);

    private JobSettings(string queue, int priority, int? maxAttempts, TimeSpan? backoff, TimeSpan? maxBackoff, CronSchedule? cron)
    {
        Queue = queue;
        Priority = priority;
        MaxAttempts = maxAttempts;
        Backoff = backoff;
        MaxBackoff = maxBackoff;
        Cron = cron;
    }

    public string Queue { get; }

    /// <summary>The settings of a runtime job (<c>Queue/IRuntimeJob</c>): the default queue, its own backoff.</summary>
    public static JobSettings ForRuntime(TimeSpan backoff, TimeSpan maxBackoff) => new("default", 0, null, backoff, maxBackoff, null);

    public int Priority { get; }

    public int? MaxAttempts { get; }

    public TimeSpan? Backoff { get; }

    public TimeSpan? MaxBackoff { get; }

    public CronSchedule? Cron { get; }

    public static bool IsQueueName(string name) => QueueName().IsMatch(name);

    public static JobSettings For(Type handlerType, InputModel input, List<string> errors, string location)
    {
        var job = handlerType.GetCustomAttribute<JobAttribute>();
        var cronAttribute = handlerType.GetCustomAttribute<CronAttribute>();
        if (job is null && cronAttribute is null)
            return Default;

        var before = errors.Count;
        var queue = job?.Queue ?? "default";
        if (!IsQueueName(queue))
            errors.Add($"{location}: [Job] Queue = \"{queue}\" must be 1-64 letters, digits, '-', '_' or '.'");
        if (job?.MaxAttempts < 0)
            errors.Add($"{location}: [Job] MaxAttempts must be 0 (the default) or more (got {job.MaxAttempts})");
        var backoff = Duration(job?.Backoff, "Backoff", errors, location);
        var maxBackoff = Duration(job?.MaxBackoff, "MaxBackoff", errors, location);
        CronSchedule? cron = null;
        if (cronAttribute is not null)
        {
            cron = CronSchedule.Parse(cronAttribute, errors, location);
            var required = input.Members.Where(m => m.IsRequired).Select(m => m.JsonName).ToList();
            if (required.Count > 0)
                errors.Add($"{location}: a [Cron] action runs with an empty input, but {string.Join(", ", required)} {(required.Count == 1 ? "is" : "are")} required");
        }

        return errors.Count > before
            ? Default
            : new JobSettings(queue, job?.Priority ?? 0, job?.MaxAttempts is > 0 ? job.MaxAttempts : null, backoff, maxBackoff, cron);
    }

    private static TimeSpan? Duration(string? text, string name, List<string> errors, string location)
    {
        if (text is null)
            return null;
        var duration = DurationText.Parse(text);
        if (duration is null)
            errors.Add($"{location}: [Job] {name} = \"{text}\" is not a duration such as 500ms, 10s, 5m or 1h");
        return duration;
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]
    private static partial Regex QueueName();
}
