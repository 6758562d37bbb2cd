using System.Globalization;
using System.Net;
using System.Text;

namespace Bunbase.Runtime.Studio;

/// <summary>A page being written: markup appended as is, every value from data through <see cref="Text"/> (HTML-encoded).</summary>
internal sealed class Html
{
    private readonly StringBuilder _text = new(8 * 1024);

    /// <summary>Appends trusted markup (literals of the Studio's own).</summary>
    public Html Raw(string markup)
    {
        _text.Append(markup);
        return this;
    }

    /// <summary>Appends a value, encoded: never markup, whatever it holds.</summary>
    public Html Text(string? value)
    {
        _text.Append(Encode(value));
        return this;
    }

    public static string Encode(string? value) => WebUtility.HtmlEncode(value ?? "");

    /// <summary>Times as operators compare them across instances: UTC, to the millisecond.</summary>
    public static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture);

    public static string Number(double value, string format = "0.##") => value.ToString(format, CultureInfo.InvariantCulture);

    public override string ToString() => _text.ToString();
}
