using System.Linq.Expressions;
using System.Reflection;

namespace Bunbase.Runtime.Foundation;

/// <summary>Compiled property getters and setters (init accessors included), built once at start.</summary>
internal static class PropertyAccessors
{
    public static Func<object, object?> Getter(PropertyInfo property)
    {
        var target = Expression.Parameter(typeof(object), "target");
        var body = Expression.Convert(Expression.Property(Expression.Convert(target, property.DeclaringType!), property), typeof(object));
        return Expression.Lambda<Func<object, object?>>(body, target).Compile();
    }

    public static Action<object, object?>? Setter(PropertyInfo property)
    {
        if (property.SetMethod is not { } setter || property.DeclaringType is null)
            return null;
        var target = Expression.Parameter(typeof(object), "target");
        var value = Expression.Parameter(typeof(object), "value");
        var call = Expression.Call(Expression.Convert(target, property.DeclaringType), setter, Expression.Convert(value, property.PropertyType));
        return Expression.Lambda<Action<object, object?>>(call, target, value).Compile();
    }
}
