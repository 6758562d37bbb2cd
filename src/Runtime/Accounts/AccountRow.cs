namespace Bunbase.Runtime.Accounts;

/// <summary>A row of <c>bunbase_accounts</c>.</summary>
internal sealed record AccountRow(string Id, string Email, string? Name, string? PasswordHash, long? EmailVerifiedAt, string Roles, long CreatedAt)
{
    public bool EmailVerified => EmailVerifiedAt is not null;

    public IReadOnlyList<string> RoleList => System.Text.Json.JsonSerializer.Deserialize<string[]>(Roles) ?? [];
}
