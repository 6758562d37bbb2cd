using System.Security.Cryptography;
using System.Text;
using OtpNet;

namespace Bunbase.Runtime.Accounts.Mfa;

/// <summary>
/// TOTP second factors (RFC 6238: SHA-1, 6 digits, 30-second steps, one step of drift either way) and backup codes.
/// A code is accepted once: the last accepted time step is kept per account, and a code of that step or an earlier
/// one is refused. Wrong codes count per account (<see cref="MaxFailures"/> within <see cref="FailureWindow"/>, then
/// every check is refused until the window passes), so the 10^6 codes cannot be walked through.
/// </summary>
internal sealed class TotpFactors(TimeProvider clock)
{
    public const int MaxFailures = 5;
    public const int BackupCodeCount = 10;
    public static readonly TimeSpan FailureWindow = TimeSpan.FromMinutes(15);

    private const string BackupAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    /// <summary>Starts (or restarts) an enrolment: a new secret, not yet active; null when a confirmed one exists.</summary>
    public async Task<string?> EnrolAsync(ISqlDatabase db, string accountId, CancellationToken cancellationToken)
    {
        var secret = Base32Encoding.ToString(RandomNumberGenerator.GetBytes(20));
        // One statement, so concurrent enrolments cannot collide on the key; a confirmed factor is never replaced.
        var written = await db.Primary.ExecuteAsync(
            """
            insert into bunbase_account_mfa (account_id, secret, last_step, failures, failures_since) values (@accountId, @secret, 0, 0, 0)
            on conflict (account_id) do update set secret = excluded.secret, last_step = 0 where bunbase_account_mfa.confirmed_at is null
            """,
            new { accountId, secret },
            cancellationToken).ConfigureAwait(false);
        return written == 1 ? secret : null;
    }

    /// <summary>Whether the account has an active (confirmed) second factor.</summary>
    public async Task<bool> IsEnabledAsync(ISqlDatabase db, string accountId, CancellationToken cancellationToken) =>
        await db.Primary.ExecuteScalarAsync<long>("select count(*) from bunbase_account_mfa where account_id = @accountId and confirmed_at is not null", new { accountId }, cancellationToken).ConfigureAwait(false) > 0;

    /// <summary>Activates a pending enrolment with its first valid code; returns the backup codes (to show once), or null for a wrong code.</summary>
    public async Task<IReadOnlyList<string>?> ConfirmAsync(ISqlDatabase db, string accountId, string code, CancellationToken cancellationToken)
    {
        if (!await CheckTotpAsync(db, accountId, code, confirmed: false, cancellationToken).ConfigureAwait(false))
            return null;
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        await db.Primary.ExecuteAsync("update bunbase_account_mfa set confirmed_at = @now where account_id = @accountId", new { accountId, now }, cancellationToken).ConfigureAwait(false);
        await db.Primary.ExecuteAsync("delete from bunbase_account_backup_codes where account_id = @accountId", new { accountId }, cancellationToken).ConfigureAwait(false);
        var codes = new List<string>(BackupCodeCount);
        for (var i = 0; i < BackupCodeCount; i++)
        {
            var backup = RandomNumberGenerator.GetString(BackupAlphabet, 10);
            codes.Add(backup);
            await db.Primary.ExecuteAsync(
                "insert into bunbase_account_backup_codes (account_id, code_hash) values (@accountId, @Hash)",
                new { accountId, Hash = HashBackup(backup) },
                cancellationToken).ConfigureAwait(false);
        }

        return codes;
    }

    /// <summary>Checks a TOTP code or a backup code of an account with an active second factor (a backup code is used up).</summary>
    public async Task<bool> VerifyAsync(ISqlDatabase db, string accountId, string code, CancellationToken cancellationToken)
    {
        var trimmed = code.Trim().Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        if (trimmed.Length == 6 && trimmed.All(char.IsAsciiDigit))
            return await CheckTotpAsync(db, accountId, trimmed, confirmed: true, cancellationToken).ConfigureAwait(false);
        if (!await CountAttemptAsync(db, accountId, confirmed: true, cancellationToken).ConfigureAwait(false))
            return false;
        var used = await db.Primary.ExecuteAsync(
            "update bunbase_account_backup_codes set used_at = @Now where account_id = @accountId and code_hash = @Hash and used_at is null",
            new { accountId, Hash = HashBackup(trimmed), Now = clock.GetUtcNow().ToUnixTimeMilliseconds() },
            cancellationToken).ConfigureAwait(false) == 1;
        if (used)
            await ClearFailuresAsync(db, accountId, cancellationToken).ConfigureAwait(false);
        return used;
    }

    /// <summary>Removes the account's second factor and its backup codes.</summary>
    public async Task DisableAsync(ISqlDatabase db, string accountId, CancellationToken cancellationToken)
    {
        await db.Primary.ExecuteAsync("delete from bunbase_account_mfa where account_id = @accountId", new { accountId }, cancellationToken).ConfigureAwait(false);
        await db.Primary.ExecuteAsync("delete from bunbase_account_backup_codes where account_id = @accountId", new { accountId }, cancellationToken).ConfigureAwait(false);
    }

    private async Task<bool> CheckTotpAsync(ISqlDatabase db, string accountId, string code, bool confirmed, CancellationToken cancellationToken)
    {
        if (!await CountAttemptAsync(db, accountId, confirmed, cancellationToken).ConfigureAwait(false))
            return false;
        var row = await FactorAsync(db, accountId, confirmed, cancellationToken).ConfigureAwait(false);
        if (row is null)
            return false;
        var totp = new Totp(Base32Encoding.ToBytes(row.Secret));
        var matched = totp.VerifyTotp(clock.GetUtcNow().UtcDateTime, code, out var step, new VerificationWindow(previous: 1, future: 1));
        // The step must be later than the last accepted one; the update is conditional so two concurrent uses of one code cannot both pass.
        var accepted = matched && step > row.LastStep && await db.Primary.ExecuteAsync(
            "update bunbase_account_mfa set last_step = @step where account_id = @accountId and last_step < @step",
            new { accountId, step },
            cancellationToken).ConfigureAwait(false) == 1;
        if (accepted)
            await ClearFailuresAsync(db, accountId, cancellationToken).ConfigureAwait(false);
        return accepted;
    }

    private Task<FactorRow?> FactorAsync(ISqlDatabase db, string accountId, bool confirmed, CancellationToken cancellationToken) =>
        db.Primary.QuerySingleOrDefaultAsync<FactorRow>(
            $"select secret, last_step from bunbase_account_mfa where account_id = @accountId and confirmed_at is {(confirmed ? "not null" : "null")}",
            new { accountId },
            cancellationToken);

    /// <summary>
    /// Counts a check as a failure before it is evaluated, in one conditional statement: false (refuse, unevaluated)
    /// when the account has no such factor or already has <see cref="MaxFailures"/> within the window. So parallel
    /// guesses cannot all pass a count read before any of them was recorded; a success clears the count afterwards.
    /// </summary>
    private async Task<bool> CountAttemptAsync(ISqlDatabase db, string accountId, bool confirmed, CancellationToken cancellationToken) =>
        await db.Primary.ExecuteAsync(
            $"""
            update bunbase_account_mfa set
                failures = case when @now - failures_since >= @window then 1 else failures + 1 end,
                failures_since = case when @now - failures_since >= @window then @now else failures_since end
            where account_id = @accountId and confirmed_at is {(confirmed ? "not null" : "null")}
                and (failures < @max or @now - failures_since >= @window)
            """,
            new { accountId, now = clock.GetUtcNow().ToUnixTimeMilliseconds(), window = (long)FailureWindow.TotalMilliseconds, max = (long)MaxFailures },
            cancellationToken).ConfigureAwait(false) == 1;

    private Task ClearFailuresAsync(ISqlDatabase db, string accountId, CancellationToken cancellationToken) =>
        db.Primary.ExecuteAsync("update bunbase_account_mfa set failures = 0 where account_id = @accountId", new { accountId }, cancellationToken);

    private static string HashBackup(string code) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(code.ToUpperInvariant())));

    private sealed record FactorRow(string Secret, long LastStep);
}
