using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace Bunbase.Cli;

/// <summary>
/// Numbers and ids on the command line, read with the invariant culture and checked against their
/// range at parse time: anything else is one line naming the option, what it takes and what it got
/// (exit code 2), never the parser's type names or an exception later.
/// </summary>
internal static class NumericOptions
{
    /// <summary>A whole number from <paramref name="min"/> to <paramref name="max"/>.</summary>
    public static Option<int> Whole(Option<int> option, int min, int max = int.MaxValue)
    {
        option.CustomParser = result => result.Tokens.Count == 0 ? Default(option) : (int)(ParseWhole(result, option.Name, min, max) ?? 0);
        return option;
    }

    /// <inheritdoc cref="Whole(Option{int}, int, int)"/>
    public static Option<int?> Whole(Option<int?> option, int min, int max = int.MaxValue)
    {
        option.CustomParser = result => (int?)ParseWhole(result, option.Name, min, max);
        return option;
    }

    /// <inheritdoc cref="Whole(Option{int}, int, int)"/>
    public static Option<long?> Whole(Option<long?> option, long min, long max = long.MaxValue)
    {
        option.CustomParser = result => ParseWhole(result, option.Name, min, max);
        return option;
    }

    /// <summary>A finite number above <paramref name="min"/> (or equal to it when <paramref name="orEqual"/>), at most <paramref name="max"/>.</summary>
    public static Option<double> Number(Option<double> option, double min, bool orEqual, double max = double.MaxValue)
    {
        option.CustomParser = result => result.Tokens.Count == 0 ? Default(option) : ParseNumber(result, option.Name, min, orEqual, max) ?? 0;
        return option;
    }

    /// <inheritdoc cref="Number(Option{double}, double, bool, double)"/>
    public static Option<double?> Number(Option<double?> option, double min, bool orEqual, double max = double.MaxValue)
    {
        option.CustomParser = result => ParseNumber(result, option.Name, min, orEqual, max);
        return option;
    }

    /// <summary>A job id (a GUID).</summary>
    public static Argument<Guid?> JobId(Argument<Guid?> argument)
    {
        argument.CustomParser = result =>
        {
            if (result.Tokens.Count == 0)
                return null;
            var text = result.Tokens[^1].Value;
            if (Guid.TryParse(text, out var id))
                return id;
            result.AddError($"'{text}' is not a job id (a GUID such as {Guid.Empty})");
            return null;
        };
        return argument;
    }

    /// <summary>The option's default when it was not given (a custom parser is asked for it too).</summary>
    private static T Default<T>(Option<T> option)
        where T : struct => option.HasDefaultValue ? (T)option.GetDefaultValue()! : default;

    private static long? ParseWhole(ArgumentResult result, string name, long min, long max)
    {
        if (result.Tokens.Count == 0)
            return null;
        var text = result.Tokens[^1].Value;
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
            return value;
        result.AddError($"{name} must be a whole number {(max == int.MaxValue || max == long.MaxValue ? $"of {min} or more" : $"from {min} to {max}")}, not '{text}'");
        return null;
    }

    private static double? ParseNumber(ArgumentResult result, string name, double min, bool orEqual, double max)
    {
        if (result.Tokens.Count == 0)
            return null;
        var text = result.Tokens[^1].Value;
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)
            && (orEqual ? value >= min : value > min) && value <= max)
        {
            return value;
        }

        var above = orEqual ? $"of {min.ToString(CultureInfo.InvariantCulture)} or more" : $"greater than {min.ToString(CultureInfo.InvariantCulture)}";
        var upTo = max == double.MaxValue ? "" : $" and at most {max.ToString(CultureInfo.InvariantCulture)}";
        result.AddError($"{name} must be a number {above}{upTo}, not '{text}'");
        return null;
    }
}
