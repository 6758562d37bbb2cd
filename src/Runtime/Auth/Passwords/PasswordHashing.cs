using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Bunbase.Runtime.Auth.Passwords;

/// <summary>
/// Password hashes as ASP.NET Core Identity makes them (<see cref="PasswordHasher{TUser}"/>:
/// PBKDF2 with HMAC-SHA512, a random salt, <c>auth.passwordIterations</c> rounds, the parameters
/// stored in the hash). A hash made with fewer rounds verifies as "rehash needed". A missing or
/// unreadable hash is checked against a dummy one made at start with the same rounds, so "no such
/// user" takes as long as "wrong password" and cannot be told apart by timing.
/// </summary>
internal sealed class PasswordHashing
{
    // PasswordHasher's default implementation ignores the user; one shared instance stands in.
    private static readonly object AnyUser = new();

    private readonly IPasswordHasher<object> _hasher;
    private readonly string _dummyHash;
    private long _operations;

    public PasswordHashing(int iterations)
        : this(new PasswordHasher<object>(Options.Create(new PasswordHasherOptions { IterationCount = iterations })))
    {
    }

    internal PasswordHashing(IPasswordHasher<object> hasher)
    {
        _hasher = hasher;
        _dummyHash = hasher.HashPassword(AnyUser, Convert.ToBase64String(RandomNumberGenerator.GetBytes(16)));
    }

    /// <summary>PBKDF2 computations so far (hashes and checks, dummy ones included): the work that must not tell an unknown user from a known one.</summary>
    public long Operations => Interlocked.Read(ref _operations);

    public string Hash(string password)
    {
        ArgumentException.ThrowIfNullOrEmpty(password);
        Interlocked.Increment(ref _operations);
        return _hasher.HashPassword(AnyUser, password);
    }

    public PasswordVerification Verify(string? passwordHash, string password)
    {
        ArgumentNullException.ThrowIfNull(password);
        Interlocked.Increment(ref _operations);
        if (string.IsNullOrEmpty(passwordHash))
            return Dummy(password);
        PasswordVerificationResult result;
        try
        {
            result = _hasher.VerifyHashedPassword(AnyUser, passwordHash, password);
        }
        catch (FormatException)
        {
            // Not base64: a corrupt stored hash counts as no hash.
            return Dummy(password);
        }

        return result switch
        {
            PasswordVerificationResult.Success => PasswordVerification.Succeeded,
            PasswordVerificationResult.SuccessRehashNeeded => PasswordVerification.SucceededRehashNeeded,
            _ => PasswordVerification.Failed,
        };
    }

    private PasswordVerification Dummy(string password)
    {
        _hasher.VerifyHashedPassword(AnyUser, _dummyHash, password);
        return PasswordVerification.Failed;
    }
}
