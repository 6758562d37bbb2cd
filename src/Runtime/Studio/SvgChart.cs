using System.Globalization;
using System.Text;

namespace Bunbase.Runtime.Studio;

/// <summary>
/// A line chart as inline SVG markup (no script, no image request): one polyline per series over a shared time axis,
/// the y axis from 0 to the largest value, labelled with that maximum and the first and last times.
/// </summary>
internal static class SvgChart
{
    private const int Width = 600;
    private const int Height = 160;
    private const int Left = 48;
    private const int Bottom = 20;

    /// <summary>One named series; <paramref name="Css"/> picks its colour in the stylesheet.</summary>
    public sealed record Series(string Name, string Css, IReadOnlyList<(DateTimeOffset At, double Value)> Points);

    public static string Line(string title, string unit, params Series[] series)
    {
        var points = series.SelectMany(s => s.Points).ToList();
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<figure class=\"chart\"><figcaption>{Html.Encode(title)}");
        foreach (var s in series)
            svg.Append(CultureInfo.InvariantCulture, $" <span class=\"key {s.Css}\">{Html.Encode(s.Name)}</span>");
        svg.Append("</figcaption>");
        svg.Append(CultureInfo.InvariantCulture, $"<svg viewBox=\"0 0 {Width} {Height}\" role=\"img\" aria-label=\"{Html.Encode(title)}\">");
        if (points.Count == 0)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Width / 2}\" y=\"{Height / 2}\" text-anchor=\"middle\">no samples yet</text></svg></figure>");
            return svg.ToString();
        }

        var start = points.Min(p => p.At);
        var end = points.Max(p => p.At);
        var span = Math.Max(1, (end - start).TotalSeconds);
        var max = Math.Max(points.Max(p => p.Value), 1e-9);
        var plotWidth = Width - Left - 8;
        var plotHeight = Height - Bottom - 8;
        svg.Append(CultureInfo.InvariantCulture, $"<line class=\"axis\" x1=\"{Left}\" y1=\"8\" x2=\"{Left}\" y2=\"{8 + plotHeight}\"/><line class=\"axis\" x1=\"{Left}\" y1=\"{8 + plotHeight}\" x2=\"{Width - 8}\" y2=\"{8 + plotHeight}\"/>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left - 4}\" y=\"16\" text-anchor=\"end\">{Html.Number(max)}</text><text x=\"{Left - 4}\" y=\"{8 + plotHeight}\" text-anchor=\"end\">0</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left}\" y=\"{Height - 4}\">{start.UtcDateTime:HH:mm:ss}</text><text x=\"{Width - 8}\" y=\"{Height - 4}\" text-anchor=\"end\">{end.UtcDateTime:HH:mm:ss} UTC · {Html.Encode(unit)}</text>");
        foreach (var s in series)
        {
            if (s.Points.Count == 0)
                continue;
            svg.Append(CultureInfo.InvariantCulture, $"<polyline class=\"{s.Css}\" points=\"");
            foreach (var (at, value) in s.Points)
            {
                var x = Left + ((at - start).TotalSeconds / span * plotWidth);
                var y = 8 + plotHeight - (value / max * plotHeight);
                svg.Append(CultureInfo.InvariantCulture, $"{x:0.#},{y:0.#} ");
            }

            svg.Append("\"/>");

            // A line needs two points: the first samples of a fresh instance show as dots.
            if (s.Points.Count < 3)
            {
                foreach (var (at, value) in s.Points)
                    svg.Append(CultureInfo.InvariantCulture, $"<circle class=\"{s.Css}\" r=\"3\" cx=\"{Left + ((at - start).TotalSeconds / span * plotWidth):0.#}\" cy=\"{8 + plotHeight - (value / max * plotHeight):0.#}\"/>");
            }
        }

        svg.Append("</svg></figure>");
        return svg.ToString();
    }
}
