using System.Globalization;

namespace Bunbase.Runtime.Foundation;

/// <summary>
/// Coerces one text value (path segment, query value, header, cookie) to a declared type with
/// invariant culture. Built once per input member at start.
/// </summary>
internal sealed class ScalarParser
{
    private readonly Func<string, object?> _parse;

    private ScalarParser(Type type, Func<string, object?> parse)
    {
        Type = type;
        _parse = parse;
        AllowsEmpty = type == typeof(string) || Nullable.GetUnderlyingType(type) is not null || !type.IsValueType;
    }

    public Type Type { get; }

    private bool AllowsEmpty { get; }

    /// <summary>A parser for the type, or null when the type cannot come from text.</summary>
    public static ScalarParser? For(Type type)
    {
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        var parse = Create(underlying);
        return parse is null ? null : new ScalarParser(type, parse);
    }

    public bool TryParse(string text, out object? value)
    {
        if (text.Length == 0 && Type != typeof(string))
        {
            value = null;
            return AllowsEmpty;
        }

        try
        {
            value = _parse(text);
            return value is not null;
        }
        catch (Exception ex) when (ex is FormatException or OverflowException or ArgumentException)
        {
            value = null;
            return false;
        }
    }

    private static Func<string, object?>? Create(Type type)
    {
        var invariant = CultureInfo.InvariantCulture;
        if (type == typeof(string))
            return s => s;
        if (type.IsEnum)
        {
            var names = TypeDescriptions.EnumNames(type).Zip(Enum.GetValues(type).Cast<object>())
                .ToDictionary(pair => pair.First, pair => pair.Second, StringComparer.OrdinalIgnoreCase);
            return s => names.GetValueOrDefault(s);
        }

        return Type.GetTypeCode(type) switch
        {
            TypeCode.Boolean => s => bool.TryParse(s, out var b) ? b : null,
            TypeCode.Byte => s => byte.Parse(s, NumberStyles.Integer, invariant),
            TypeCode.SByte => s => sbyte.Parse(s, NumberStyles.Integer, invariant),
            TypeCode.Int16 => s => short.Parse(s, NumberStyles.Integer, invariant),
            TypeCode.UInt16 => s => ushort.Parse(s, NumberStyles.Integer, invariant),
            TypeCode.Int32 => s => int.Parse(s, NumberStyles.Integer, invariant),
            TypeCode.UInt32 => s => uint.Parse(s, NumberStyles.Integer, invariant),
            TypeCode.Int64 => s => long.Parse(s, NumberStyles.Integer, invariant),
            TypeCode.UInt64 => s => ulong.Parse(s, NumberStyles.Integer, invariant),
            TypeCode.Single => s => float.Parse(s, NumberStyles.Float, invariant) is var f && float.IsFinite(f) ? f : null,
            TypeCode.Double => s => double.Parse(s, NumberStyles.Float, invariant) is var d && double.IsFinite(d) ? d : null,
            TypeCode.Decimal => s => decimal.Parse(s, NumberStyles.Number, invariant),
            TypeCode.DateTime => s => DateTime.Parse(s, invariant, DateTimeStyles.RoundtripKind),
            _ when type == typeof(Guid) => s => Guid.Parse(s),
            _ when type == typeof(DateTimeOffset) => s => DateTimeOffset.Parse(s, invariant, DateTimeStyles.AssumeUniversal),
            _ when type == typeof(DateOnly) => s => DateOnly.ParseExact(s, "yyyy-MM-dd", invariant),
            _ when type == typeof(TimeOnly) => s => TimeOnly.Parse(s, invariant),
            _ when type == typeof(TimeSpan) => s => TimeSpan.Parse(s, invariant),
            _ => null,
        };
    }
}
