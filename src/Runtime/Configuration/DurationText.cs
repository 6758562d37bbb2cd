using System.Globalization;
using System.Text.RegularExpressions;

namespace Bunbase.Runtime.Configuration;

/// <summary>Durations written for people in attributes: <c>500ms</c>, <c>30s</c>, <c>5m</c>, <c>1h</c>, <c>7d</c>.</summary>
internal static partial class DurationText
{
    public static TimeSpan? Parse(string? text)
    {
        var match = Pattern().Match(text ?? "");
        if (!match.Success)
            return null;
        var amount = long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        return match.Groups[2].Value switch
        {
            "ms" => TimeSpan.FromMilliseconds(amount),
            "s" => TimeSpan.FromSeconds(amount),
            "m" => TimeSpan.FromMinutes(amount),
            "h" => TimeSpan.FromHours(amount),
            _ => TimeSpan.FromDays(amount),
        };
    }

    [GeneratedRegex("^([1-9][0-9]{0,8})(ms|s|m|h|d)$")]
    private static partial Regex Pattern();
}
