namespace Bunbase;

/// <summary>
/// An input that names an organisation of the accounts module (<see cref="Org"/>, usually from the path:
/// <c>/orgs/{org}/...</c>), so the organisation guards (<see cref="OrgMember"/>, <see cref="OrgAdmin"/>,
/// <see cref="OrgOwner"/>) can check the caller's membership in it.
/// </summary>
public interface IOrgScoped
{
    /// <summary>The organisation's id.</summary>
    string Org { get; }
}
