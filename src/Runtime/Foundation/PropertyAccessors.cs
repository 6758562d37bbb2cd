using System.Linq.Expressions;
using System.Reflection;

namespace Bunbase.Runtime.Foundation;

/// <summary>
/// Property getters and setters (init accessors included), compiled on first use: an app with hundreds
/// of actions has thousands of them, and compiling them all before it listens would be most of its
/// start-up time.
/// </summary>
internal static class PropertyAccessors
{
    public static Func<object, object?> Getter(PropertyInfo property) => new LazyGetter(property).Get;

    public static Action<object, object?>? Setter(PropertyInfo property) =>
        property.SetMethod is null || property.DeclaringType is null ? null : new LazySetter(property).Set;

    /// <summary>A delegate compiled from an expression on its first call (two threads may both compile it; either result is kept).</summary>
    public static Func<T> Compiled<T>(Expression<T> expression)
        where T : Delegate
    {
        T? compiled = null;
        return () => compiled ??= expression.Compile();
    }

    private sealed class LazyGetter(PropertyInfo property)
    {
        private Func<object, object?>? _compiled;

        public object? Get(object target) => (_compiled ??= Compile())(target);

        private Func<object, object?> Compile()
        {
            var target = Expression.Parameter(typeof(object), "target");
            var body = Expression.Convert(Expression.Property(Expression.Convert(target, property.DeclaringType!), property), typeof(object));
            return Expression.Lambda<Func<object, object?>>(body, target).Compile();
        }
    }

    private sealed class LazySetter(PropertyInfo property)
    {
        private Action<object, object?>? _compiled;

        public void Set(object target, object? value) => (_compiled ??= Compile())(target, value);

        private Action<object, object?> Compile()
        {
            var target = Expression.Parameter(typeof(object), "target");
            var value = Expression.Parameter(typeof(object), "value");
            var call = Expression.Call(Expression.Convert(target, property.DeclaringType!), property.SetMethod!, Expression.Convert(value, property.PropertyType));
            return Expression.Lambda<Action<object, object?>>(call, target, value).Compile();
        }
    }
}
