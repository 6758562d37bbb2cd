namespace Bunbase;

/// <summary>
/// Drops the guards declared on the assembly and on base classes, so anyone may invoke the action
/// (or the actions deriving from a base class marked with it). It cannot be combined with guards on
/// the same class.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class AllowAnonymousAttribute : Attribute;
