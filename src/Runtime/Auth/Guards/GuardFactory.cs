using System.Linq.Expressions;
using Microsoft.Extensions.DependencyInjection;

namespace Bunbase.Runtime.Auth.Guards;

/// <summary>
/// Creates a custom guard for each invocation (like handlers: a plain <c>new</c>, or constructor
/// injection from the invocation's services) and calls it; compiled once at start.
/// </summary>
internal sealed class GuardFactory
{
    private readonly Func<object>? _new;
    private readonly ObjectFactory? _factory;
    private readonly Func<object, object?, ActionContext, CancellationToken, ValueTask<bool>> _allows;

    private GuardFactory(Type guardType, Type? inputType)
    {
        GuardType = guardType;
        ReadsInput = inputType is not null;
        if (guardType.GetConstructor(Type.EmptyTypes) is { } parameterless)
            _new = Expression.Lambda<Func<object>>(Expression.New(parameterless)).Compile();
        else
            _factory = ActivatorUtilities.CreateFactory(guardType, Type.EmptyTypes);

        // (guard, input, context, token) => ((InputGuard<T>)guard).AllowsAsync((T)input, context, token), or the ActionGuard form.
        var guard = Expression.Parameter(typeof(object), "guard");
        var input = Expression.Parameter(typeof(object), "input");
        var context = Expression.Parameter(typeof(ActionContext), "context");
        var token = Expression.Parameter(typeof(CancellationToken), "token");
        var call = inputType is null
            ? Expression.Call(Expression.Convert(guard, typeof(ActionGuard)), typeof(ActionGuard).GetMethod(nameof(ActionGuard.AllowsAsync))!, context, token)
            : Expression.Call(
                Expression.Convert(guard, typeof(InputGuard<>).MakeGenericType(inputType)),
                typeof(InputGuard<>).MakeGenericType(inputType).GetMethod(nameof(ActionGuard.AllowsAsync))!,
                Expression.Convert(input, inputType), context, token);
        _allows = Expression.Lambda<Func<object, object?, ActionContext, CancellationToken, ValueTask<bool>>>(call, guard, input, context, token).Compile();
    }

    public Type GuardType { get; }

    /// <summary>An <see cref="InputGuard{TInput}"/>: it runs after validation.</summary>
    public bool ReadsInput { get; }

    public static GuardFactory ForAction(Type guardType) => new(guardType, null);

    public static GuardFactory ForInput(Type guardType, Type inputType) => new(guardType, inputType);

    public ValueTask<bool> Allows(object? input, ActionContext context, CancellationToken cancellationToken)
    {
        var guard = _new is not null ? _new() : _factory!(context.Services, null);
        return _allows(guard, input, context, cancellationToken);
    }
}
