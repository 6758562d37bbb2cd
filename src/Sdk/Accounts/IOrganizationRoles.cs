namespace Bunbase;

/// <summary>The accounts module's memberships, as the organisation guards read them (a service of the app when <c>accounts.enabled</c>).</summary>
public interface IOrganizationRoles
{
    /// <summary>The account's role in the organisation, or <see langword="null"/> when it is not a member (or there is no such organisation).</summary>
    ValueTask<string?> RoleAsync(string orgId, string accountId, CancellationToken cancellationToken = default);
}
