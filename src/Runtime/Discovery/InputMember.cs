using System.Reflection;
using Bunbase.Runtime.Foundation;

namespace Bunbase.Runtime.Discovery;

/// <summary>One property of an input: where it comes from and how it is parsed and set.</summary>
internal sealed class InputMember
{
    private readonly Action<object, object?>? _set;

    public InputMember(
        int index,
        PropertyInfo property,
        ParameterInfo? parameter,
        string jsonName,
        BindingSource source,
        string requestName,
        bool isRequired,
        ScalarParser? parser,
        Type? elementType,
        int constructorIndex)
    {
        Index = index;
        Property = property;
        Parameter = parameter;
        JsonName = jsonName;
        Source = source;
        RequestName = requestName;
        IsRequired = isRequired;
        Parser = parser;
        ElementType = elementType;
        ConstructorIndex = constructorIndex;
        DefaultValue = parameter is { HasDefaultValue: true } && parameter.DefaultValue is not DBNull
            ? parameter.DefaultValue
            : property.PropertyType.IsValueType ? Activator.CreateInstance(property.PropertyType) : null;
        _set = PropertyAccessors.Setter(property);
    }

    public int Index { get; }

    public PropertyInfo Property { get; }

    public ParameterInfo? Parameter { get; }

    public string JsonName { get; }

    public BindingSource Source { get; }

    /// <summary>The name the client uses: route parameter, query key, header or cookie name, or JSON field.</summary>
    public string RequestName { get; }

    public bool IsRequired { get; }

    /// <summary>Parses text for members outside the body (the element type's parser for collections).</summary>
    public ScalarParser? Parser { get; }

    /// <summary>The element type when the member is a collection read from repeated query keys or headers.</summary>
    public Type? ElementType { get; }

    public int ConstructorIndex { get; }

    public object? DefaultValue { get; }

    public Type Type => Property.PropertyType;

    public void Set(object target, object? value) =>
        (_set ?? throw new InvalidOperationException($"{Property.Name} has no setter"))(target, value);
}
