using System.Security.Cryptography;
using System.Text;
using Bunbase.Runtime.Foundation;

namespace Bunbase.Runtime.Accounts;

/// <summary>
/// The one-time codes mailed for email verification and password reset: 10 characters of Crockford base32
/// (50 bits), stored only as a SHA-256 hash, expiring after <c>accounts.codeExpiresIn</c>, used once, and burned
/// after <c>accounts.codeAttempts</c> wrong guesses. Asking for a new code burns the previous ones.
/// </summary>
/// <remarks>
/// Every request hashes a code whether or not the account exists (<see cref="Operations"/> counts them), so an
/// unknown email costs the same hashing as a known one and the answers are the same.
/// </remarks>
internal sealed class AccountCodes(AccountsSettings settings, TimeProvider clock)
{
    public const string VerifyEmail = "verify_email";
    public const string ResetPassword = "reset_password";

    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    private const int Length = 10;

    private long _operations;

    /// <summary>Codes hashed so far (the counted work of the no-enumeration promise).</summary>
    public long Operations => Interlocked.Read(ref _operations);

    /// <summary>Burns the account's unused codes for <paramref name="purpose"/> and stores a new one; returns it (to mail).</summary>
    public async Task<string> IssueAsync(ISqlDatabase db, string accountId, string purpose, CancellationToken cancellationToken)
    {
        var code = RandomNumberGenerator.GetString(Alphabet, Length);
        var hash = Hash(code);
        var now = clock.GetUtcNow();
        await db.Primary.ExecuteAsync(
            "update bunbase_account_codes set used_at = @Now where account_id = @accountId and purpose = @purpose and used_at is null",
            new { accountId, purpose, Now = now.ToUnixTimeMilliseconds() },
            cancellationToken).ConfigureAwait(false);
        await db.Primary.ExecuteAsync(
            "insert into bunbase_account_codes (id, account_id, purpose, code_hash, expires_at, attempts) values (@Id, @accountId, @purpose, @hash, @ExpiresAt, 0)",
            new { Id = Uuid7.New().ToString("N"), accountId, purpose, hash, ExpiresAt = (now + settings.CodeExpiresIn).ToUnixTimeMilliseconds() },
            cancellationToken).ConfigureAwait(false);
        return code;
    }

    /// <summary>The hashing work of <see cref="IssueAsync"/> for an email without an account: nothing is written.</summary>
    public void IssueNothing() => Hash(RandomNumberGenerator.GetString(Alphabet, Length));

    /// <summary>
    /// Uses the account's current code if <paramref name="code"/> is it, unexpired and unused; a wrong code
    /// counts an attempt (the last allowed one burns it). An unknown account (null) hashes the code all the same.
    /// </summary>
    public async Task<bool> ConsumeAsync(ISqlDatabase db, string? accountId, string purpose, string code, CancellationToken cancellationToken)
    {
        var hash = Hash(code);
        if (accountId is null)
            return false;
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var row = await db.Primary.QueryFirstOrDefaultAsync<CodeRow>(
            "select id, code_hash, expires_at, attempts from bunbase_account_codes where account_id = @accountId and purpose = @purpose and used_at is null order by expires_at desc limit 1",
            new { accountId, purpose },
            cancellationToken).ConfigureAwait(false);
        if (row is null || row.ExpiresAt <= now)
            return false;
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(hash), Encoding.ASCII.GetBytes(row.CodeHash)))
        {
            await db.Primary.ExecuteAsync(
                "update bunbase_account_codes set attempts = attempts + 1, used_at = case when attempts + 1 >= @Max then @now else null end where id = @Id and used_at is null",
                new { row.Id, Max = (long)settings.CodeAttempts, now },
                cancellationToken).ConfigureAwait(false);
            return false;
        }

        // Single use even under concurrent attempts: only one update finds it unused.
        return await db.Primary.ExecuteAsync(
            "update bunbase_account_codes set used_at = @now where id = @Id and used_at is null",
            new { row.Id, now },
            cancellationToken).ConfigureAwait(false) == 1;
    }

    private string Hash(string code)
    {
        Interlocked.Increment(ref _operations);
        // Codes are typed by people: case and the look-alikes of Crockford base32 do not matter.
        var normalized = code.Trim().ToUpperInvariant().Replace('O', '0').Replace('I', '1').Replace('L', '1');
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(normalized)));
    }

    private sealed record CodeRow(string Id, string CodeHash, long ExpiresAt, long Attempts);
}
