namespace Bunbase;

/// <summary>
/// Runs a custom guard before the action: an <see cref="ActionGuard"/> before the input is bound,
/// an <see cref="InputGuard{TInput}"/> after it is validated. A guard that denies answers 403
/// <c>forbidden</c> (or whatever <see cref="ActionException"/> it throws). Applies to a class, its
/// derived classes, or the assembly.
/// </summary>
/// <typeparam name="TGuard">The guard; a new instance per invocation, its constructor parameters resolved from the application's services.</typeparam>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Assembly, AllowMultiple = true, Inherited = true)]
public sealed class GuardAttribute<TGuard> : Attribute
    where TGuard : IActionGuard;
