using System.Security.Cryptography;
using System.Text;
using Bunbase.Runtime.Auth.Passwords;
using Bunbase.Runtime.Configuration;

namespace Bunbase.Runtime.Auth.Throttling;

/// <summary>
/// Slows down, then briefly locks, password guessing against one identifier, in the shared store
/// (so every instance counts together once Redis is configured). Each attempt is recorded as a
/// failure before the password is checked (a compare-and-set on the identifier's record), so
/// concurrent guesses cannot slip past the count; a success deletes the record.
/// </summary>
/// <remarks>
/// After <c>auth.signIn.freeAttempts</c> failures, each attempt must wait: after failure
/// <c>n</c>, <c>delay × 2^(n-free)</c> (capped by <c>lockFor</c>); so with 5 free failures the 6th
/// attempt waits <c>delay</c>, the 7th twice that. At
/// <c>lockAfter</c> failures the identifier is locked for <c>lockFor</c>. Identifiers are
/// compared in <see cref="SignInIdentifier"/> form (trimmed, NFC, case-folded), and stored hashed.
/// </remarks>
internal sealed class SignInThrottle(AuthStore store, PasswordHashing passwords, AuthSettings settings, TimeProvider clock)
{
    private const int MaxWriteAttempts = 16;
    private readonly SignInThrottleOptions _options = settings.Options.SignIn;

    public async Task<PasswordVerification> VerifyAsync(string identifier, string? passwordHash, string password, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(identifier);
        ArgumentNullException.ThrowIfNull(password);
        var key = Key(identifier);
        var counted = await CountAttemptAsync(key, cancellationToken).ConfigureAwait(false);

        var result = passwords.Verify(passwordHash, password);
        if (result == PasswordVerification.Failed)
            throw new UnauthorizedException("The identifier or the password is not right.", "invalid_credentials");

        if (counted)
            await ResetAsync(key, cancellationToken).ConfigureAwait(false);
        return result;
    }

    /// <summary>Records this attempt as a failure, or refuses it; false when the store is down and the policy is Open.</summary>
    private async Task<bool> CountAttemptAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            for (var attempt = 0; attempt < MaxWriteAttempts; attempt++)
            {
                var current = await store.Get<SignInAttempts>(key, cancellationToken).ConfigureAwait(false);
                var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
                if (current is not null && current.WaitUntilMs > now)
                    throw Refuse(current, now);

                var next = After(current?.Failures + 1 ?? 1, now);
                var ttl = TimeSpan.FromMilliseconds(Math.Max(settings.SignInWindow.TotalMilliseconds, next.WaitUntilMs - now));
                var written = current is null
                    ? await store.SetIfNotExists(key, next, ttl, cancellationToken).ConfigureAwait(false)
                    : await store.CompareAndSet(key, current, next, ttl, cancellationToken).ConfigureAwait(false);
                if (written)
                    return true;
            }
        }
        catch (Exception ex) when (AuthStore.IsUnavailable(ex))
        {
            store.OnFailure("sign-in throttling", ex);
            if (store.Policy == SessionStoreFailurePolicy.Open)
                return false;
            throw new ActionException(503, "sign_in_unavailable", "Sign-in is unavailable right now; try again shortly.");
        }

        // Many concurrent attempts on one identifier: this one waits its turn.
        throw new TooManyRequestsException(TimeSpan.FromSeconds(1), "Too many sign-in attempts at once; try again shortly.", "sign_in_throttled");
    }

    private async Task ResetAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            await store.Delete(key, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (AuthStore.IsUnavailable(ex))
        {
            // The failures expire with the window; the sign-in itself succeeded.
            store.OnFailure("sign-in reset", ex);
        }
    }

    /// <summary>The record after <paramref name="failures"/> failures, the last one now.</summary>
    private SignInAttempts After(int failures, long now)
    {
        if (failures >= _options.LockAfter)
            return new SignInAttempts(failures, now + (long)settings.LockFor.TotalMilliseconds, Locked: true);
        if (failures < _options.FreeAttempts)
            return new SignInAttempts(failures, 0, Locked: false);

        // The free failures are free: the attempt after the last of them already waits.
        var doublings = Math.Min(failures - _options.FreeAttempts, 30);
        var wait = Math.Min(settings.SignInDelay.TotalMilliseconds * (1L << doublings), settings.LockFor.TotalMilliseconds);
        return new SignInAttempts(failures, now + (long)wait, Locked: false);
    }

    private static TooManyRequestsException Refuse(SignInAttempts attempts, long now)
    {
        var wait = TimeSpan.FromMilliseconds(attempts.WaitUntilMs - now);
        return attempts.Locked
            ? new TooManyRequestsException(wait, "Too many failed sign-ins: this account is locked for a while.", "sign_in_locked")
            : new TooManyRequestsException(wait, "Too many failed sign-ins: wait before trying again.", "sign_in_throttled");
    }

    private static string Key(string identifier) =>
        "t:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(SignInIdentifier.Normalize(identifier))));
}
