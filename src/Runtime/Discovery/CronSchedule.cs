using Cronos;

namespace Bunbase.Runtime.Discovery;

/// <summary>An action's <c>[Cron]</c> schedule, parsed at start (Cronos: five or six fields, time zones with daylight saving).</summary>
internal sealed class CronSchedule(string text, CronExpression expression, TimeZoneInfo timeZone, CronCatchUp catchUp)
{
    /// <summary>How far back a missed tick is looked for at start.</summary>
    public static readonly TimeSpan CatchUpWindow = TimeSpan.FromDays(1);

    public string Text { get; } = text;

    public CronCatchUp CatchUp { get; } = catchUp;

    public TimeZoneInfo TimeZone { get; } = timeZone;

    /// <summary>The first tick strictly after <paramref name="after"/>.</summary>
    public DateTimeOffset? Next(DateTimeOffset after) =>
        expression.GetNextOccurrence(after, TimeZone, inclusive: false);

    /// <summary>The latest tick in (<paramref name="from"/>, <paramref name="to"/>], if any.</summary>
    public DateTimeOffset? Latest(DateTimeOffset from, DateTimeOffset to)
    {
        DateTimeOffset? latest = null;
        foreach (var tick in expression.GetOccurrences(from, to, TimeZone, fromInclusive: false, toInclusive: true))
            latest = tick;
        return latest;
    }

    public static CronSchedule? Parse(CronAttribute cron, List<string> errors, string location)
    {
        CronExpression expression;
        try
        {
            var fields = cron.Expression.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
            expression = CronExpression.Parse(cron.Expression, fields == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard);
        }
        catch (CronFormatException ex)
        {
            errors.Add($"{location}: [Cron(\"{cron.Expression}\")] is not a cron expression: {ex.Message}");
            return null;
        }

        var zone = TimeZoneInfo.Utc;
        if (cron.TimeZone is { } name && !TimeZoneInfo.TryFindSystemTimeZoneById(name, out zone))
        {
            errors.Add($"{location}: [Cron] TimeZone = \"{name}\" is not a known time zone (use an IANA name such as Europe/Paris)");
            return null;
        }

        return new CronSchedule(cron.Expression, expression, zone!, cron.CatchUp);
    }
}
