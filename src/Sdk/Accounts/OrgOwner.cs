namespace Bunbase;

/// <summary>The <c>owner</c> of the organisation the input names (<c>[Guard&lt;OrgOwner&gt;]</c>).</summary>
public sealed class OrgOwner : OrgRoleGuard
{
    private static readonly string[] Allowed = ["owner"];

    /// <inheritdoc/>
    protected override IReadOnlyList<string>? Roles => Allowed;
}
