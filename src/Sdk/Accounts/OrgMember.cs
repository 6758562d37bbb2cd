namespace Bunbase;

/// <summary>Any member of the organisation the input names (<c>[Guard&lt;OrgMember&gt;]</c>).</summary>
public sealed class OrgMember : OrgRoleGuard
{
    /// <inheritdoc/>
    protected override IReadOnlyList<string>? Roles => null;
}
