namespace Bunbase.Cli.Benchmarking;

/// <summary>A plain-text table: columns padded to their widest cell, numbers right-aligned.</summary>
internal sealed class TextTable(params string[] headers)
{
    private readonly List<string[]> rows = [];

    public void Add(params string[] cells) => rows.Add(cells);

    public async Task WriteAsync(TextWriter output)
    {
        var widths = headers.Select((h, i) => Math.Max(h.Length, rows.Count == 0 ? 0 : rows.Max(r => r[i].Length))).ToArray();
        await output.WriteLineAsync(Line(headers, widths, header: true)).ConfigureAwait(false);
        await output.WriteLineAsync(string.Join("  ", widths.Select(w => new string('-', w)))).ConfigureAwait(false);
        foreach (var row in rows)
            await output.WriteLineAsync(Line(row, widths, header: false)).ConfigureAwait(false);
    }

    private static string Line(string[] cells, int[] widths, bool header) =>
        string.Join("  ", cells.Select((c, i) => i == 0 || header || !LooksNumeric(c) ? c.PadRight(widths[i]) : c.PadLeft(widths[i]))).TrimEnd();

    private static bool LooksNumeric(string cell) => cell.Length > 0 && (char.IsAsciiDigit(cell[0]) || cell[0] is '-' or '+' or '.');
}
