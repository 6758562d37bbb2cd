using System.Globalization;

namespace Bunbase.Runtime.Data;

/// <summary>A PostgreSQL WAL position (<c>pg_lsn</c>, written <c>16/B374D848</c>) as a number, so positions compare.</summary>
internal static class WalPosition
{
    public static ulong Parse(string text)
    {
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0
            || !ulong.TryParse(text.AsSpan(0, slash), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var high)
            || !ulong.TryParse(text.AsSpan(slash + 1), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var low))
            throw new FormatException($"'{text}' is not a WAL position");
        return (high << 32) | low;
    }
}
