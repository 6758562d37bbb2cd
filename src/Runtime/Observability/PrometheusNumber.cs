using System.Globalization;

namespace Bunbase.Runtime.Observability;

/// <summary>Numbers as the Prometheus text format and OpenMetrics write them, straight to UTF-8.</summary>
internal static class PrometheusNumber
{
    /// <summary>Enough for any double ("g" is at most 24 characters), a long, and OpenMetrics' <c>.0</c>.</summary>
    public const int MaxLength = 32;

    // Integers of this size and more would be written with an exponent by "g"; below 2^63 they are written in full.
    private const double ExponentFrom = 1e15;
    private const double LongLimit = 9.2e18;

    /// <summary>
    /// Writes <paramref name="value"/>: <c>+Inf</c>, <c>-Inf</c>, <c>NaN</c>, integers without an exponent,
    /// others as the shortest string that reads back the same. OpenMetrics wants a float where the text
    /// format takes an integer: <c>1.0</c>.
    /// </summary>
    public static int Write(double value, Span<byte> destination, bool openMetrics)
    {
        if (double.IsNaN(value))
            return Copy("NaN"u8, destination);
        if (double.IsPositiveInfinity(value))
            return Copy("+Inf"u8, destination);
        if (double.IsNegativeInfinity(value))
            return Copy("-Inf"u8, destination);

        int written;
        if (value == 0)
        {
            destination[0] = (byte)'0';
            written = 1;
        }
        else if (Math.Abs(value) >= ExponentFrom && Math.Abs(value) < LongLimit && value == Math.Floor(value))
        {
            ((long)value).TryFormat(destination, out written, default, CultureInfo.InvariantCulture);
        }
        else
        {
            value.TryFormat(destination, out written, "g", CultureInfo.InvariantCulture);
        }

        if (openMetrics && destination[..written].IndexOfAny((byte)'.', (byte)'e', (byte)'E') < 0)
            written += Copy(".0"u8, destination[written..]);
        return written;
    }

    /// <summary>Writes an integer (a histogram's counts), the same in both formats.</summary>
    public static int Write(long value, Span<byte> destination)
    {
        value.TryFormat(destination, out var written, default, CultureInfo.InvariantCulture);
        return written;
    }

    private static int Copy(ReadOnlySpan<byte> text, Span<byte> destination)
    {
        text.CopyTo(destination);
        return text.Length;
    }
}
