using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Bunbase.Runtime.Discovery;

/// <summary>
/// The rules shared by binding, validation and JSON contracts: a member's JSON name, its attributes
/// (on the property or, for positional records, on the constructor parameter) and whether it is
/// required.
/// </summary>
internal static class MemberRules
{
    // NullabilityInfoContext caches per instance and is not thread-safe; JSON contracts may ask lazily.
    private static readonly NullabilityInfoContext Nullability = new();
    private static readonly Lock NullabilityLock = new();

    public static string JsonName(PropertyInfo property) =>
        property.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name
        ?? JsonNamingPolicy.CamelCase.ConvertName(property.Name);

    /// <summary>The constructor System.Text.Json would use, if it is parameterized.</summary>
    public static ConstructorInfo? DeserializationConstructor(Type type)
    {
        var constructors = type.GetConstructors(BindingFlags.Public | BindingFlags.Instance);
        var marked = constructors.FirstOrDefault(c => c.IsDefined(typeof(JsonConstructorAttribute)));
        if (marked is not null)
            return marked;
        if (constructors.Any(c => c.GetParameters().Length == 0))
            return null;
        return constructors.Length == 1 ? constructors[0] : null;
    }

    public static ParameterInfo? ConstructorParameter(ConstructorInfo? constructor, PropertyInfo property) =>
        constructor?.GetParameters().FirstOrDefault(p => string.Equals(p.Name, property.Name, StringComparison.OrdinalIgnoreCase));

    /// <summary>Attributes of a property merged with those of its positional-record parameter.</summary>
    public static IEnumerable<T> Attributes<T>(PropertyInfo property, ParameterInfo? parameter)
        where T : Attribute =>
        property.GetCustomAttributes<T>(inherit: true)
            .Concat(parameter?.GetCustomAttributes<T>(inherit: true) ?? []);

    public static T? Attribute<T>(PropertyInfo property, ParameterInfo? parameter)
        where T : Attribute => Attributes<T>(property, parameter).FirstOrDefault();

    /// <summary>
    /// A member must be present when it has <see cref="RequiredAttribute"/>, the C# <c>required</c>
    /// modifier, or it is a constructor parameter with no default value whose type is not
    /// nullable (<c>string?</c>, <c>int?</c>). In short: a <c>?</c> or a default makes it optional.
    /// </summary>
    public static bool IsRequired(PropertyInfo property, ParameterInfo? parameter)
    {
        if (Attribute<RequiredAttribute>(property, parameter) is not null)
            return true;
        if (property.IsDefined(typeof(RequiredMemberAttribute)))
            return true;
        if (parameter is null || parameter.HasDefaultValue)
            return false;
        return !IsNullable(parameter);
    }

    public static bool IsNullable(ParameterInfo parameter)
    {
        var type = parameter.ParameterType;
        if (type.IsValueType)
            return Nullable.GetUnderlyingType(type) is not null;
        lock (NullabilityLock)
            return Nullability.Create(parameter).WriteState != NullabilityState.NotNull;
    }

    public static bool IsNullable(PropertyInfo property)
    {
        var type = property.PropertyType;
        if (type.IsValueType)
            return Nullable.GetUnderlyingType(type) is not null;
        lock (NullabilityLock)
            return Nullability.Create(property).ReadState != NullabilityState.NotNull;
    }
}
