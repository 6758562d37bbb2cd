namespace Bunbase;

/// <summary>
/// The signed-in user must have one of <paramref name="roles"/> (several attributes: each must
/// hold). Implies <see cref="AuthenticatedAttribute"/>; a signed-in user without the role gets 403
/// <c>role_required</c>. Applies to a class, its derived classes, or the assembly.
/// </summary>
/// <param name="roles">The accepted roles (any one of them).</param>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Assembly, AllowMultiple = true, Inherited = true)]
public sealed class RequireRoleAttribute(params string[] roles) : Attribute
{
    /// <summary>The accepted roles.</summary>
#pragma warning disable CA1819 // Attribute arguments must be arrays.
    public string[] Roles { get; } = roles;
#pragma warning restore CA1819
}
