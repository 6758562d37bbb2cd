using System.Collections.Immutable;

namespace Bunbase.Runtime.Foundation;

/// <summary>Recognizes the collection types an input member may have, and builds them from parsed items.</summary>
internal static class CollectionTypes
{
    private static readonly Type[] Interfaces =
    [
        typeof(IEnumerable<>), typeof(IReadOnlyList<>), typeof(IReadOnlyCollection<>), typeof(IList<>), typeof(ICollection<>),
    ];

    /// <summary>The element type of an array, list or sequence interface; null for anything else (strings included).</summary>
    public static Type? ElementType(Type type)
    {
        if (type == typeof(string))
            return null;
        if (type.IsArray)
            return type.GetElementType();
        if (!type.IsGenericType)
            return null;
        var definition = type.GetGenericTypeDefinition();
        if (definition == typeof(List<>) || definition == typeof(ImmutableArray<>) || Interfaces.Contains(definition))
            return type.GetGenericArguments()[0];
        return null;
    }

    /// <summary>Builds the collection type from parsed items.</summary>
    public static object Create(Type collectionType, Type elementType, IReadOnlyList<object?> items)
    {
        var array = Array.CreateInstance(elementType, items.Count);
        for (var i = 0; i < items.Count; i++)
            array.SetValue(items[i], i);
        if (collectionType.IsArray || collectionType.IsInterface)
            return array;
        if (collectionType.GetGenericTypeDefinition() == typeof(List<>))
            return Activator.CreateInstance(collectionType, array)!;
        var createRange = typeof(ImmutableArray).GetMethods()
            .First(m => m.Name == nameof(ImmutableArray.Create) && m.GetParameters() is [{ ParameterType.IsArray: true }])
            .MakeGenericMethod(elementType);
        return createRange.Invoke(null, [array])!;
    }
}
