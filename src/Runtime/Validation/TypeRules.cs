using System.Collections.Immutable;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
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
                var attributes = MemberRules.Attributes<ValidationAttribute>(property, parameter)
                    .Select(attribute => WholeNumberRange(attribute, property.PropertyType)).ToImmutableArray();
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

    /// <summary>
    /// <c>[Range(1, long.MaxValue)]</c> on a whole number is a range of doubles (there is no <c>long</c> overload): it
    /// compares through <see cref="double"/> and its message says "between 1 and 9.223372036854776E+18". The same range
    /// in the member's own type compares exactly and names 9223372036854775807. A bound outside the type is its limit;
    /// a range with a fractional bound, or of another operand type, is kept as written.
    /// </summary>
    internal static ValidationAttribute WholeNumberRange(ValidationAttribute attribute, Type memberType)
    {
        var type = Nullable.GetUnderlyingType(memberType) ?? memberType;
        if (attribute is not RangeAttribute { OperandType: var operand, Minimum: double minimum, Maximum: double maximum } range
            || operand != typeof(double) || TypeDescriptions.IntegerRange(type) is not var (least, most)
            || !WholeBound(minimum, least, most, out var lower, out var lowerClamped)
            || !WholeBound(maximum, least, most, out var upper, out var upperClamped))
            return attribute;
        var exact = new RangeAttribute(type, lower.ToString(CultureInfo.InvariantCulture), upper.ToString(CultureInfo.InvariantCulture))
        {
            ParseLimitsInInvariantCulture = true,
            ConvertValueInInvariantCulture = range.ConvertValueInInvariantCulture,
            // A bound beyond the type's limit admits the limit itself, whichever way it was written.
            MinimumIsExclusive = range.MinimumIsExclusive && !lowerClamped,
            MaximumIsExclusive = range.MaximumIsExclusive && !upperClamped,
        };
        if (range.ErrorMessage is not null)
            exact.ErrorMessage = range.ErrorMessage;
        if (range.ErrorMessageResourceType is not null)
            (exact.ErrorMessageResourceType, exact.ErrorMessageResourceName) = (range.ErrorMessageResourceType, range.ErrorMessageResourceName);
        return exact;
    }

    private static bool WholeBound(double bound, decimal least, decimal most, out decimal value, out bool clamped)
    {
        (value, clamped) = (0, false);
        if (double.IsNaN(bound) || double.IsFinite(bound) && Math.Truncate(bound) != bound)
            return false;
        // Through long or ulong, not decimal: a double's conversion to decimal keeps 15 significant digits.
        value = bound switch
        {
            < -9223372036854775808.0 => decimal.MinValue,
            < 0 => (long)bound,
            < 9223372036854775808.0 => (long)bound,
            < 18446744073709551616.0 => (ulong)bound,
            _ => decimal.MaxValue,
        };
        if (value > most || value < least)
            (value, clamped) = (value > most ? most : least, true);
        return true;
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
