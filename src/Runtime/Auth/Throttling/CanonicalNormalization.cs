using System.Globalization;
using System.Text;

namespace Bunbase.Runtime.Auth.Throttling;

/// <summary>
/// Unicode canonical normalization (NFD and NFC, UAX #15) in managed code, from tables generated
/// into <c>CanonicalNormalization.Data.cs</c>.
/// </summary>
/// <remarks>
/// Not <see cref="string.Normalize()"/>: with <c>InvariantGlobalization</c> (this repository's
/// setting, and a common one for containers) it leaves non-ASCII text unchanged, and otherwise its
/// result follows the machine's ICU. An identifier must have one normal form wherever the app runs,
/// or the same email would be stored under two keys. Input must be well-formed UTF-16.
/// </remarks>
internal static partial class CanonicalNormalization
{
    private const int SBase = 0xAC00, LBase = 0x1100, VBase = 0x1161, TBase = 0x11A7;
    private const int LCount = 19, VCount = 21, TCount = 28, NCount = VCount * TCount, SCount = LCount * NCount;

    private static readonly Dictionary<int, int[]> Decomposition = new();
    private static readonly Dictionary<long, int> Composition = new();
    private static readonly Dictionary<int, int> CombiningClass = new();

#pragma warning disable CA1810 // the tables are parsed once, in order; an initializer per field could not share the loop
    static CanonicalNormalization()
#pragma warning restore CA1810
    {
        foreach (var entry in Decompositions.Split(';'))
        {
            var (code, mapping) = (entry[..entry.IndexOf(':')], entry[(entry.IndexOf(':') + 1)..]);
            var composes = !mapping.EndsWith('!');
            var parts = mapping.TrimEnd('!').Split(' ').Select(Hex).ToArray();
            var codePoint = Hex(code);
            Decomposition[codePoint] = parts;
            if (composes && parts.Length == 2)
                Composition[Pair(parts[0], parts[1])] = codePoint;
        }

        foreach (var run in CombiningClasses.Split(';'))
        {
            var (range, value) = (run[..run.IndexOf('=')], int.Parse(run[(run.IndexOf('=') + 1)..], CultureInfo.InvariantCulture));
            var dash = range.IndexOf('-');
            var (first, last) = dash < 0 ? (Hex(range), Hex(range)) : (Hex(range[..dash]), Hex(range[(dash + 1)..]));
            for (var codePoint = first; codePoint <= last; codePoint++)
                CombiningClass[codePoint] = value;
        }
    }

    /// <summary>Canonical decomposition, canonically ordered (NFD).</summary>
    public static string Decompose(string text) => ToText(Decomposed(text));

    /// <summary>Canonical decomposition followed by canonical composition (NFC).</summary>
    public static string Compose(string text)
    {
        var buffer = Decomposed(text);
        if (buffer.Count == 0)
            return "";

        // UAX #15's reference composition: each character joins the last starter unless blocked.
        var starterPos = 0;
        var starter = buffer[0];
        var lastClass = ClassOf(starter) == 0 ? 0 : 256;
        var written = 1;
        for (var i = 1; i < buffer.Count; i++)
        {
            var current = buffer[i];
            var currentClass = ClassOf(current);
            var composite = Composite(starter, current);
            if (composite >= 0 && (lastClass < currentClass || lastClass == 0))
            {
                buffer[starterPos] = composite;
                starter = composite;
                continue;
            }

            if (currentClass == 0)
            {
                starterPos = written;
                starter = current;
            }

            lastClass = currentClass;
            buffer[written++] = current;
        }

        buffer.RemoveRange(written, buffer.Count - written);
        return ToText(buffer);
    }

    private static List<int> Decomposed(string text)
    {
        var codePoints = new List<int>(text.Length);
        foreach (var rune in text.EnumerateRunes())
            Append(rune.Value, codePoints);

        // Canonical ordering: a stable sort of each run of non-starters by combining class.
        for (var i = 1; i < codePoints.Count; i++)
        {
            var cls = ClassOf(codePoints[i]);
            if (cls == 0)
                continue;
            for (var j = i; j > 0 && ClassOf(codePoints[j - 1]) > cls; j--)
                (codePoints[j - 1], codePoints[j]) = (codePoints[j], codePoints[j - 1]);
        }

        return codePoints;
    }

    private static void Append(int codePoint, List<int> output)
    {
        if (codePoint is >= SBase and < SBase + SCount)
        {
            var index = codePoint - SBase;
            output.Add(LBase + (index / NCount));
            output.Add(VBase + (index % NCount / TCount));
            if (index % TCount != 0)
                output.Add(TBase + (index % TCount));
            return;
        }

        if (!Decomposition.TryGetValue(codePoint, out var parts))
        {
            output.Add(codePoint);
            return;
        }

        foreach (var part in parts)
            Append(part, output);
    }

    private static int Composite(int first, int second)
    {
        if (first is >= LBase and < LBase + LCount && second is >= VBase and < VBase + VCount)
            return SBase + ((((first - LBase) * VCount) + (second - VBase)) * TCount);
        if (first is >= SBase and < SBase + SCount && (first - SBase) % TCount == 0 && second is > TBase and < TBase + TCount)
            return first + (second - TBase);
        return Composition.TryGetValue(Pair(first, second), out var composite) ? composite : -1;
    }

    private static int ClassOf(int codePoint) => CombiningClass.GetValueOrDefault(codePoint);

    private static long Pair(int first, int second) => ((long)first << 21) | (uint)second;

    private static int Hex(string text) => int.Parse(text, NumberStyles.HexNumber, CultureInfo.InvariantCulture);

    private static string ToText(List<int> codePoints)
    {
        var builder = new StringBuilder(codePoints.Count);
        foreach (var codePoint in codePoints)
            builder.Append(char.ConvertFromUtf32(codePoint));
        return builder.ToString();
    }
}
