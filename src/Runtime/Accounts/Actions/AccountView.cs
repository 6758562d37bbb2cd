namespace Bunbase.Runtime.Accounts.Actions;

/// <summary>An account as its owner sees it (never its password hash).</summary>
/// <param name="Id">The account's id (the session's user id).</param>
/// <param name="Email">The email, normalised (trimmed, NFC, case-folded).</param>
/// <param name="Name">The display name, if any.</param>
/// <param name="EmailVerified">Whether the email was verified.</param>
/// <param name="Roles">The roles of its sessions.</param>
internal sealed record AccountView(string Id, string Email, string? Name, bool EmailVerified, IReadOnlyList<string> Roles)
{
    internal static AccountView From(AccountRow row) => new(row.Id, row.Email, row.Name, row.EmailVerified, row.RoleList);
}
