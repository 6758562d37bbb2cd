using System.Text.Json;
using Bunbase.Runtime.Foundation;

namespace Bunbase.Runtime.Accounts;

/// <summary>
/// Reads and writes <c>bunbase_accounts</c> through the invocation's <c>ctx.Db</c> (so inside its transactions),
/// always on the primary: a sign-in right after a verification must see it.
/// </summary>
internal sealed class AccountStore(AccountsSettings settings, TimeProvider clock)
{
    private const string Columns = "id, email, name, password_hash, email_verified_at, roles, created_at";

    public long Now => clock.GetUtcNow().ToUnixTimeMilliseconds();

    public Task<AccountRow?> FindByEmailAsync(ISqlDatabase db, string normalizedEmail, CancellationToken cancellationToken) =>
        db.Primary.QuerySingleOrDefaultAsync<AccountRow>($"select {Columns} from bunbase_accounts where email = @normalizedEmail", new { normalizedEmail }, cancellationToken);

    public Task<AccountRow?> FindByIdAsync(ISqlDatabase db, string id, CancellationToken cancellationToken) =>
        db.Primary.QuerySingleOrDefaultAsync<AccountRow>($"select {Columns} from bunbase_accounts where id = @id", new { id }, cancellationToken);

    /// <returns>The new account, or null when the email is taken.</returns>
    public Task<AccountRow?> AddAsync(ISqlDatabase db, string normalizedEmail, string? name, string? passwordHash, bool verified, CancellationToken cancellationToken)
    {
        var now = Now;
        return db.Primary.QuerySingleOrDefaultAsync<AccountRow>(
            $"insert into bunbase_accounts ({Columns}) values (@Id, @Email, @Name, @PasswordHash, @VerifiedAt, @Roles, @Now) on conflict (email) do nothing returning {Columns}",
            new
            {
                Id = Uuid7.New().ToString("N"),
                Email = normalizedEmail,
                Name = name,
                PasswordHash = passwordHash,
                VerifiedAt = verified ? now : (long?)null,
                Roles = JsonSerializer.Serialize(settings.Roles),
                Now = now,
            },
            cancellationToken);
    }

    public Task SetPasswordHashAsync(ISqlDatabase db, string id, string passwordHash, CancellationToken cancellationToken) =>
        db.Primary.ExecuteAsync("update bunbase_accounts set password_hash = @passwordHash where id = @id", new { id, passwordHash }, cancellationToken);

    /// <returns>Whether this call verified the email (false when it already was).</returns>
    public async Task<bool> MarkVerifiedAsync(ISqlDatabase db, string id, CancellationToken cancellationToken) =>
        await db.Primary.ExecuteAsync("update bunbase_accounts set email_verified_at = @Now where id = @id and email_verified_at is null", new { id, Now }, cancellationToken).ConfigureAwait(false) == 1;
}
