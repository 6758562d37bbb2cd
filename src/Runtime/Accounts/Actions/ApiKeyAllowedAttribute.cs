namespace Bunbase.Runtime.Accounts.Actions;

/// <summary>
/// On an action of the accounts module that only reads: an API key may run it when it holds <see cref="Permission"/>
/// (matched as <c>[RequirePermission]</c> matches, wildcards included). Every other action of the module that needs a
/// caller is refused to API keys (see <see cref="ApiKeyAccess"/>).
/// </summary>
/// <param name="permission">The permission a key must hold: <c>accounts:</c> and the action's name.</param>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
internal sealed class ApiKeyAllowedAttribute(string permission) : Attribute
{
    public string Permission { get; } = permission;
}
