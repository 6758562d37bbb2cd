namespace Bunbase;

/// <summary>
/// The signed-in user must hold one of <paramref name="permissions"/> (several attributes: each
/// must hold), exactly or through a wildcard they were granted (<c>tasks:*</c>, <c>*</c>). Implies
/// <see cref="AuthenticatedAttribute"/>; a signed-in user without it gets 403
/// <c>permission_required</c>. Required permissions are concrete: segments of letters, digits,
/// '_', '.' or '-' separated by ':' (<c>tasks:write</c>).
/// </summary>
/// <param name="permissions">The accepted permissions (any one of them).</param>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Assembly, AllowMultiple = true, Inherited = true)]
public sealed class RequirePermissionAttribute(params string[] permissions) : Attribute
{
    /// <summary>The accepted permissions.</summary>
#pragma warning disable CA1819 // Attribute arguments must be arrays.
    public string[] Permissions { get; } = permissions;
#pragma warning restore CA1819
}
