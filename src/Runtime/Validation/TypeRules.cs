using System.Collections.Immutable;
using System.ComponentModel.DataAnnotations;
using System.Reflection;
using Bunbase.Runtime.Discovery;
using Bunbase.Runtime.Foundation;

namespace Bunbase.Runtime.Validation;

/// <summary>The validation rules of one type: members with attributes or nested objects to visit.</summary>
internal sealed class TypeRules
{
    private TypeRules(ImmutableArray<MemberValidation> members, bool isValidatable)
    {
        Members = members;
        IsEmpty = members.IsEmpty && !isValidatable;
    }

    public ImmutableArray<MemberValidation> Members { get; }

    /// <summary>Nothing to check: the validator returns at once (the common case for outputs).</summary>
    public bool IsEmpty { get; }

    public string JsonNameOf(string propertyName) =>
        Members.FirstOrDefault(m => m.Property.Name == propertyName)?.JsonName ?? propertyName;

    public static TypeRules Build(Type type)
    {
        var members = ImmutableArray.CreateBuilder<MemberValidation>();
        if (IsComplex(type))
        {
            var constructor = MemberRules.DeserializationConstructor(type);
            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                if (property.GetMethod is null || property.GetIndexParameters().Length > 0)
                    continue;
                var parameter = MemberRules.ConstructorParameter(constructor, property);
                var attributes = MemberRules.Attributes<ValidationAttribute>(property, parameter).ToImmutableArray();
                if (MemberRules.Attribute<ResponseHeaderAttribute>(property, parameter) is { } header)
                    attributes = attributes.Add(new ResponseHeaderRule(header.Name));
                var element = CollectionTypes.ElementType(property.PropertyType);
                var nested = element is not null && IsComplex(element) ? NestedKind.Collection
                    : element is null && IsComplex(property.PropertyType) ? NestedKind.Object
                    : NestedKind.None;
                if (attributes.IsEmpty && nested == NestedKind.None)
                    continue;
                members.Add(new MemberValidation(property, MemberRules.JsonName(property), attributes, nested, PropertyAccessors.Getter(property)));
            }
        }

        return new TypeRules(members.ToImmutable(), typeof(IValidatableObject).IsAssignableFrom(type));
    }

    /// <summary>User types are visited; framework types (strings, numbers, dates, JSON nodes) are leaves.</summary>
    private static bool IsComplex(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return !type.IsPrimitive && !type.IsEnum && !type.IsPointer
            && type.Namespace?.StartsWith("System", StringComparison.Ordinal) != true
            && type.Namespace?.StartsWith("Microsoft", StringComparison.Ordinal) != true;
    }
}

internal enum NestedKind
{
    None,
    Object,
    Collection,
}

internal sealed record MemberValidation(
    PropertyInfo Property,
    string JsonName,
    ImmutableArray<ValidationAttribute> Attributes,
    NestedKind Nested,
    Func<object, object?> Get);
