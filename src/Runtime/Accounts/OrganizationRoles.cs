using Bunbase.Runtime.Data;
using Dapper;

namespace Bunbase.Runtime.Accounts;

/// <summary>
/// Memberships for the organisation guards: one indexed read of <c>bunbase_org_members</c> a guarded invocation, on
/// the primary (a removed member is refused at once, never after a cache period).
/// </summary>
internal sealed class OrganizationRoles(Database database) : IOrganizationRoles
{
    public async ValueTask<string?> RoleAsync(string orgId, string accountId, CancellationToken cancellationToken = default) =>
        await database.OnPrimaryAsync(
            connection => connection.QuerySingleOrDefaultAsync<string?>(
                new CommandDefinition("select role from bunbase_org_members where org_id = @orgId and account_id = @accountId", new { orgId, accountId }, cancellationToken: cancellationToken)),
            cancellationToken).ConfigureAwait(false);
}
