namespace Bunbase.Runtime.Configuration;

/// <summary>The permissions a role gives an account's sessions (<c>accounts.rolePermissions[]</c>).</summary>
public sealed class AccountRoleOptions
{
    /// <summary>The role.</summary>
    public string Role { get; set; } = "";

    /// <summary>Its permissions (wildcards as in <c>[RequirePermission]</c>: <c>notes:*</c>).</summary>
#pragma warning disable CA1819 // Bound from configuration.
    public string[] Permissions { get; set; } = [];
#pragma warning restore CA1819
}
