namespace Bunbase;

/// <summary>
/// Lets the invocation go on when the caller (a session or an API key of the accounts module) is a member of the
/// organisation the input names, with one of <see cref="Roles"/>. Otherwise 403 <c>org_access_denied</c> (the
/// same for an organisation that does not exist, so ids cannot be probed); without a caller, 401.
/// </summary>
public abstract class OrgRoleGuard : InputGuard<IOrgScoped>
{
    /// <summary>The roles that may go on; <see langword="null"/> lets any member.</summary>
    protected abstract IReadOnlyList<string>? Roles { get; }

    /// <inheritdoc/>
    public override async ValueTask<bool> AllowsAsync(IOrgScoped input, ActionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(context);
        var user = context.Auth.User ?? throw new UnauthorizedException();
        var roles = (IOrganizationRoles?)context.Services.GetService(typeof(IOrganizationRoles))
            ?? throw new InvalidOperationException("Organisation guards need the accounts module: set accounts.enabled.");
        var role = string.IsNullOrEmpty(input.Org) ? null : await roles.RoleAsync(input.Org, user.Id, cancellationToken).ConfigureAwait(false);
        if (role is null || (Roles is { } allowed && !allowed.Contains(role, StringComparer.Ordinal)))
            throw new ForbiddenException("You do not have this access to the organisation.", "org_access_denied");
        return true;
    }
}
