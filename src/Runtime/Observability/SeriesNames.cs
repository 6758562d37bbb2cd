using System.Text;
using System.Text.RegularExpressions;

namespace Bunbase.Runtime.Observability;

/// <summary>Metric and label names checked, and a series' name and labels encoded once as the UTF-8 its lines start with.</summary>
internal static partial class SeriesNames
{
    public static void Validate(string name, string[] labelNames)
    {
        if (!MetricName().IsMatch(name))
            throw new ArgumentException($"Metric name '{name}' is not a valid Prometheus name.", nameof(name));
        for (var i = 0; i < labelNames.Length; i++)
        {
            if (!LabelName().IsMatch(labelNames[i]) || labelNames[i].StartsWith("__", StringComparison.Ordinal))
                throw new ArgumentException($"Label name '{labelNames[i]}' of metric '{name}' is not a valid Prometheus label name.", nameof(labelNames));
            if (Array.IndexOf(labelNames, labelNames[i], i + 1) >= 0)
                throw new ArgumentException($"Label name '{labelNames[i]}' of metric '{name}' is declared twice.", nameof(labelNames));
        }
    }

    /// <summary><c>name{a="x",b="y",extra} </c>, or <c>name </c> without labels; label values escaped (<c>\\</c>, <c>\"</c>, <c>\n</c>).</summary>
    public static byte[] Prefix(string name, string[] labelNames, string[] labelValues, string? extraLabel = null)
    {
        var text = new StringBuilder(name);
        if (labelNames.Length > 0 || extraLabel is not null)
        {
            text.Append('{');
            for (var i = 0; i < labelNames.Length; i++)
            {
                if (i > 0)
                    text.Append(',');
                text.Append(labelNames[i]).Append("=\"");
                AppendEscaped(text, labelValues[i]);
                text.Append('"');
            }

            if (extraLabel is not null)
                text.Append(labelNames.Length > 0 ? "," : "").Append(extraLabel);
            text.Append('}');
        }

        text.Append(' ');
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    /// <summary><c># HELP name help\n# TYPE name type\n</c>; help escaped as the format asks (<c>\\</c>, <c>\n</c>).</summary>
    public static byte[] Declaration(string name, string help, string type)
    {
        var text = new StringBuilder("# HELP ").Append(name).Append(' ');
        if (!string.IsNullOrWhiteSpace(help))
            text.Append(help.Replace("\\", @"\\", StringComparison.Ordinal).Replace("\n", @"\n", StringComparison.Ordinal));
        text.Append("\n# TYPE ").Append(name).Append(' ').Append(type).Append('\n');
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private static void AppendEscaped(StringBuilder text, string value)
    {
        foreach (var c in value)
        {
            _ = c switch
            {
                '\\' => text.Append(@"\\"),
                '"' => text.Append("\\\""),
                '\n' => text.Append(@"\n"),
                _ => text.Append(c),
            };
        }
    }

    [GeneratedRegex("^[a-zA-Z_:][a-zA-Z0-9_:]*$")]
    private static partial Regex MetricName();

    [GeneratedRegex("^[a-zA-Z_][a-zA-Z0-9_]*$")]
    private static partial Regex LabelName();
}
