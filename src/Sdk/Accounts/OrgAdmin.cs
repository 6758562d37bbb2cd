namespace Bunbase;

/// <summary>An <c>owner</c> or <c>admin</c> of the organisation the input names (<c>[Guard&lt;OrgAdmin&gt;]</c>).</summary>
public sealed class OrgAdmin : OrgRoleGuard
{
    private static readonly string[] Allowed = ["owner", "admin"];

    /// <inheritdoc/>
    protected override IReadOnlyList<string>? Roles => Allowed;
}
