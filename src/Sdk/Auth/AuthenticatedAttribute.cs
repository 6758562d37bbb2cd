namespace Bunbase;

/// <summary>
/// Only callers with a valid session may invoke the action; others get 401 with
/// <c>WWW-Authenticate</c>. On a base class it applies to every action deriving from it; on the
/// assembly (<c>[assembly: Authenticated]</c>) to every action of the application, except those
/// marked <see cref="AllowAnonymousAttribute"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Assembly, Inherited = true)]
public sealed class AuthenticatedAttribute : Attribute;
