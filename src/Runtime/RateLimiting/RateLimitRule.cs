using System.Reflection;
using Bunbase.Runtime.Configuration;
using Bunbase.Runtime.Foundation;

namespace Bunbase.Runtime.RateLimiting;

/// <summary>An action's limit: how many per period, and what identifies a caller. Built at start.</summary>
internal sealed class RateLimitRule
{
    private RateLimitRule(int limit, TimeSpan period, RateLimitKey by, Func<object, object?>? inputKey)
    {
        Limit = limit;
        Period = period;
        By = by;
        InputKey = inputKey;
    }

    public int Limit { get; }

    public TimeSpan Period { get; }

    public RateLimitKey By { get; }

    /// <summary>Reads the key from the input (for <see cref="RateLimitKey.Input"/>).</summary>
    public Func<object, object?>? InputKey { get; }

    /// <summary>GCRA's emission interval: one request's share of the period.</summary>
    public TimeSpan Interval => Period / Limit;

    /// <summary>The action's rule: its attribute, else the configured default, else none.</summary>
    public static RateLimitRule? For(Type handlerType, Type inputType, int? defaultLimit, string defaultPer, List<string> errors, string location)
    {
        var declared = handlerType.GetCustomAttribute<RateLimitAttribute>();
        if (declared is null)
            return defaultLimit is { } limit ? new RateLimitRule(limit, DurationText.Parse(defaultPer)!.Value, RateLimitKey.UserOrIp, null) : null;

        if (declared.Limit < 1)
            errors.Add($"{location}: [RateLimit] limit must be at least 1 (got {declared.Limit})");
        var period = DurationText.Parse(declared.Per);
        if (period is null)
            errors.Add($"{location}: [RateLimit] Per = \"{declared.Per}\" is not a period such as 30s, 1m, 1h or 1d");

        Func<object, object?>? inputKey = null;
        if (declared.By == RateLimitKey.Input)
        {
            var property = declared.InputProperty is null ? null : inputType.GetProperty(declared.InputProperty);
            if (property is null)
                errors.Add($"{location}: [RateLimit] By = Input needs InputProperty naming a property of {inputType.Name} (got '{declared.InputProperty}')");
            else
                inputKey = PropertyAccessors.Getter(property);
        }

        return declared.Limit < 1 || period is null ? null : new RateLimitRule(declared.Limit, period.Value, declared.By, inputKey);
    }
}
