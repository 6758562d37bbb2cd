using System.Globalization;
using System.Text;

namespace Bunbase.Cli.Benchmarking;

/// <summary>The placeholders of a request template: <c>{{random MIN MAX}}</c>, <c>{{uuid}}</c>, <c>{{id}}</c>.</summary>
internal static class TemplateText
{
    /// <summary>The first problem with the placeholders of <paramref name="text"/>, or null.</summary>
    public static string? Check(string text)
    {
        var position = 0;
        while ((position = text.IndexOf("{{", position, StringComparison.Ordinal)) >= 0)
        {
            var end = text.IndexOf("}}", position, StringComparison.Ordinal);
            if (end < 0)
                return $"'{{{{' without '}}}}' in \"{text}\"";
            var problem = Parse(text[(position + 2)..end], out _, out _, out _);
            if (problem is not null)
                return problem;
            position = end + 2;
        }

        return null;
    }

    public static bool HasPlaceholders(string? text) => text is not null && text.Contains("{{", StringComparison.Ordinal);

    /// <summary>Replaces each placeholder with a fresh value.</summary>
    public static string Render(string text, Random random, IReadOnlyList<long> ids)
    {
        if (!HasPlaceholders(text))
            return text;
        var builder = new StringBuilder(text.Length + 16);
        var position = 0;
        while (true)
        {
            var start = text.IndexOf("{{", position, StringComparison.Ordinal);
            if (start < 0)
                break;
            var end = text.IndexOf("}}", start, StringComparison.Ordinal);
            builder.Append(text, position, start - position);
            _ = Parse(text[(start + 2)..end], out var kind, out var min, out var max);
            builder.Append(kind switch
            {
                "random" => random.NextInt64(min, max + 1).ToString(CultureInfo.InvariantCulture),
                "uuid" => Guid.NewGuid().ToString(),
                _ => ids.Count == 0 ? "1" : ids[random.Next(ids.Count)].ToString(CultureInfo.InvariantCulture),
            });
            position = end + 2;
        }

        return builder.Append(text, position, text.Length - position).ToString();
    }

    private static string? Parse(string placeholder, out string kind, out long min, out long max)
    {
        var parts = placeholder.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        kind = parts.Length > 0 ? parts[0] : "";
        (min, max) = (0, 0);
        switch (kind)
        {
            case "uuid" or "id" when parts.Length == 1:
                return null;
            case "random" when parts.Length == 3
                && long.TryParse(parts[1], CultureInfo.InvariantCulture, out min)
                && long.TryParse(parts[2], CultureInfo.InvariantCulture, out max)
                && min <= max:
                return null;
            case "random":
                return $"'{{{{{placeholder}}}}}' must be {{{{random MIN MAX}}}} with integers MIN <= MAX";
            default:
                return $"unknown placeholder '{{{{{placeholder}}}}}' (known: {{{{random MIN MAX}}}}, {{{{uuid}}}}, {{{{id}}}})";
        }
    }
}
