using Bunbase.Runtime.Foundation;

namespace Bunbase.Runtime.Clients;

/// <summary>Classifies the types on the wire the way the runtime's JSON contract (and the OpenAPI schemas) treat them.</summary>
internal static class WireTypes
{
    /// <summary>The kind of a type, nullable unwrapped.</summary>
    public static WireKind Kind(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string) || type == typeof(Guid) || type == typeof(DateTimeOffset) || type == typeof(DateTime)
            || type == typeof(DateOnly) || type == typeof(TimeOnly) || type == typeof(TimeSpan) || type == typeof(Uri) || type == typeof(char))
            return WireKind.String;
        if (type == typeof(bool))
            return WireKind.Boolean;
        if (type.IsEnum)
            return WireKind.Enum;
        if (TypeDescriptions.IntegerRange(type) is not null || type == typeof(double) || type == typeof(float) || type == typeof(decimal))
            return WireKind.Number;
        if (type == typeof(byte[]))
            return WireKind.Bytes;
        if (type == typeof(object) || type.Namespace?.StartsWith("System.Text.Json", StringComparison.Ordinal) == true)
            return WireKind.Any;
        if (DictionaryValueType(type) is not null)
            return WireKind.Dictionary;
        if (CollectionTypes.ElementType(type) is not null)
            return WireKind.Array;
        return WireKind.Object;
    }

    public static Type ElementType(Type type) => CollectionTypes.ElementType(Nullable.GetUnderlyingType(type) ?? type)!;

    /// <summary>The value type of a dictionary (its keys are JSON property names).</summary>
    public static Type? DictionaryValueType(Type type)
    {
        if (!type.IsGenericType)
            return null;
        var definition = type.GetGenericTypeDefinition();
        var isDictionary = definition == typeof(Dictionary<,>) || definition == typeof(IDictionary<,>) || definition == typeof(IReadOnlyDictionary<,>)
            || definition == typeof(System.Collections.Immutable.ImmutableDictionary<,>) || definition == typeof(System.Collections.Frozen.FrozenDictionary<,>);
        return isDictionary ? type.GetGenericArguments()[1] : null;
    }
}
