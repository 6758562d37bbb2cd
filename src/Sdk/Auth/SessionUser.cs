namespace Bunbase;

/// <summary>The user a session belongs to: what <see cref="IAuth.SignInAsync"/> is given and <see cref="IAuth.User"/> returns.</summary>
/// <param name="Id">The user's stable id (1 to 256 characters).</param>
public sealed record SessionUser(string Id)
{
    /// <summary>Roles, checked by <see cref="RequireRoleAttribute"/>.</summary>
    /// <value>The default is none.</value>
    public IReadOnlyList<string> Roles { get; init; } = [];

    /// <summary>
    /// Permissions such as <c>tasks:write</c>, checked by <see cref="RequirePermissionAttribute"/>.
    /// A last segment <c>*</c> grants everything below it (<c>tasks:*</c>); <c>*</c> alone grants everything.
    /// </summary>
    /// <value>The default is none.</value>
    public IReadOnlyList<string> Permissions { get; init; } = [];

    /// <summary>Extra values carried by the session (a display name, a tenant id). They are signed, not encrypted: keep secrets out.</summary>
    /// <value>The default is none.</value>
    public IReadOnlyDictionary<string, string> Claims { get; init; } = new Dictionary<string, string>();
}
