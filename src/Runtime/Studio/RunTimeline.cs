using System.Globalization;
using System.Text;
using Bunbase.Runtime.ActionLog;

namespace Bunbase.Runtime.Studio;

/// <summary>
/// The runs of one trace as a nested timeline (inline SVG): a run inside another's time span is drawn beneath it,
/// one level deeper (a nested <c>ctx.CallAsync</c> runs within its caller; a job runs later, at the top level).
/// </summary>
internal static class RunTimeline
{
    private const int Width = 900;
    private const int Label = 260;
    private const int Row = 22;

    public static string Render(IReadOnlyList<StoredRun> runs)
    {
        var ordered = runs.OrderBy(r => r.StartedAt).ThenByDescending(r => r.DurationMs).ToList();
        if (ordered.Count == 0)
            return "";
        var start = ordered[0].StartedAt;
        var end = ordered.Max(End);
        var span = Math.Max(0.001, (end - start).TotalMilliseconds);
        var depths = Depths(ordered);
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<figure class=\"timeline\"><figcaption>Trace timeline: {ordered.Count} run(s) over {Html.Number(span)} ms</figcaption>");
        svg.Append(CultureInfo.InvariantCulture, $"<svg viewBox=\"0 0 {Width} {(ordered.Count * Row) + 4}\" role=\"img\" aria-label=\"trace timeline\">");
        for (var i = 0; i < ordered.Count; i++)
        {
            var run = ordered[i];
            var y = (i * Row) + 2;
            var x = Label + ((run.StartedAt - start).TotalMilliseconds / span * (Width - Label - 4));
            var w = Math.Max(2, run.DurationMs / span * (Width - Label - 4));
            svg.Append(CultureInfo.InvariantCulture, $"<g class=\"run {Html.Encode(run.Status)}\" data-depth=\"{depths[i]}\"><title>{Html.Encode(run.Action)} ({Html.Encode(run.Trigger)}, {Html.Encode(run.Status)}) {Html.Number(run.DurationMs)} ms</title>");
            svg.Append(CultureInfo.InvariantCulture, $"<a href=\"{StudioLayout.Prefix}/runs/{run.Id}\"><text x=\"{4 + (depths[i] * 14)}\" y=\"{y + 15}\">{Html.Encode(run.Action)} · {Html.Encode(run.Trigger)}</text></a>");
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{x:0.#}\" y=\"{y + 3}\" width=\"{w:0.#}\" height=\"{Row - 6}\" rx=\"3\"/></g>");
        }

        svg.Append("</svg></figure>");
        return svg.ToString();
    }

    /// <summary>How deep each run is: the number of earlier runs still open when it started and closed after it ended.</summary>
    private static int[] Depths(List<StoredRun> ordered)
    {
        var depths = new int[ordered.Count];
        var open = new Stack<StoredRun>();
        for (var i = 0; i < ordered.Count; i++)
        {
            var run = ordered[i];
            while (open.Count > 0 && End(open.Peek()) < End(run))
                open.Pop();
            depths[i] = open.Count;
            open.Push(run);
        }

        return depths;
    }

    private static DateTimeOffset End(StoredRun run) => run.StartedAt + TimeSpan.FromMilliseconds(run.DurationMs);
}
