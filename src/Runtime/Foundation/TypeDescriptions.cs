using System.Globalization;
using System.Text.Json;

namespace Bunbase.Runtime.Foundation;

/// <summary>Plain-words descriptions of the values a type accepts, for error messages.</summary>
internal static class TypeDescriptions
{
    public static string Describe(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type.IsEnum)
            return "one of " + string.Join(", ", EnumNames(type));
        if (type == typeof(string))
            return "a string";
        if (type == typeof(bool))
            return "true or false";
        if (type == typeof(Guid))
            return "a UUID";
        if (type == typeof(DateTimeOffset) || type == typeof(DateTime))
            return "an ISO 8601 date-time";
        if (type == typeof(DateOnly))
            return "an ISO 8601 date (yyyy-MM-dd)";
        if (type == typeof(TimeOnly))
            return "a time of day (HH:mm:ss)";
        if (type == typeof(TimeSpan))
            return "a duration (d.hh:mm:ss)";
        if (IntegerRange(type) is var (min, max))
            return string.Create(CultureInfo.InvariantCulture, $"an integer from {min} to {max}");
        if (type == typeof(decimal) || type == typeof(double) || type == typeof(float))
            return "a number";
        if (CollectionTypes.ElementType(type) is not null)
            return "an array";
        return "an object";
    }

    /// <summary>Whether a JSON token could be read as the type (ignoring the value's range).</summary>
    public static bool KindFits(JsonValueKind kind, Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (IntegerRange(type) is not null || type == typeof(decimal) || type == typeof(double) || type == typeof(float))
            return kind == JsonValueKind.Number;
        if (type == typeof(bool))
            return kind is JsonValueKind.True or JsonValueKind.False;
        if (type == typeof(string) || type.IsEnum || type == typeof(Guid) || type == typeof(DateTimeOffset)
            || type == typeof(DateTime) || type == typeof(DateOnly) || type == typeof(TimeOnly) || type == typeof(TimeSpan))
            return kind == JsonValueKind.String;
        if (CollectionTypes.ElementType(type) is not null)
            return kind == JsonValueKind.Array;
        return kind == JsonValueKind.Object;
    }

    /// <summary>The range of an integer type; null for anything else (enums included, though their type code is an integer's).</summary>
    public static (decimal Min, decimal Max)? IntegerRange(Type type) => type.IsEnum ? null : Type.GetTypeCode(type) switch
    {
        TypeCode.Byte => (byte.MinValue, byte.MaxValue),
        TypeCode.SByte => (sbyte.MinValue, sbyte.MaxValue),
        TypeCode.Int16 => (short.MinValue, short.MaxValue),
        TypeCode.UInt16 => (ushort.MinValue, ushort.MaxValue),
        TypeCode.Int32 => (int.MinValue, int.MaxValue),
        TypeCode.UInt32 => (uint.MinValue, uint.MaxValue),
        TypeCode.Int64 => (long.MinValue, long.MaxValue),
        TypeCode.UInt64 => (ulong.MinValue, ulong.MaxValue),
        _ => null,
    };

    public static IEnumerable<string> EnumNames(Type enumType) =>
        enumType.GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
            .Select(f => f.GetCustomAttributes(typeof(System.Text.Json.Serialization.JsonStringEnumMemberNameAttribute), false)
                .Cast<System.Text.Json.Serialization.JsonStringEnumMemberNameAttribute>().FirstOrDefault()?.Name ?? f.Name);
}
