using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Bunbase.Runtime.Auth.Passwords;

/// <summary>
/// Password hashes as ASP.NET Core Identity makes them (<see cref="PasswordHasher{TUser}"/>:
/// PBKDF2 with HMAC-SHA512, a random salt, <c>auth.passwordIterations</c> rounds, the parameters
/// stored in the hash). A hash made with fewer rounds verifies as "rehash needed". A missing or
/// unreadable hash is checked against a dummy one with the same rounds, so "no such user" takes as
/// long as "wrong password" and cannot be told apart by timing. The dummy is laid out as Identity's
/// hashes are (its version 3 format) around random bytes instead of being hashed at start: checking it
/// runs the same PBKDF2, and start-up saves one (about 50 ms of CPU at 100,000 rounds).
/// </summary>
internal sealed class PasswordHashing
{
    // PasswordHasher's default implementation ignores the user; one shared instance stands in.
    private static readonly object AnyUser = new();

    private readonly IPasswordHasher<object> _hasher;
    private readonly string _dummyHash;
    private long _operations;

    public PasswordHashing(int iterations)
        : this(new PasswordHasher<object>(Options.Create(new PasswordHasherOptions { IterationCount = iterations })), iterations)
    {
    }

    internal PasswordHashing(IPasswordHasher<object> hasher, int iterations)
    {
        _hasher = hasher;
        _dummyHash = DummyHash(iterations);
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

    /// <summary>
    /// A hash in Identity's version 3 format (a 0x01 marker; PRF, rounds and salt length as big-endian 32-bit numbers; the
    /// salt; the subkey) with HMAC-SHA512, <paramref name="iterations"/> rounds, and a random 16-byte salt and 32-byte subkey
    /// that no password derives.
    /// </summary>
    internal static string DummyHash(int iterations)
    {
        const int SaltBytes = 16, SubkeyBytes = 32, HmacSha512 = 2;
        var hash = new byte[1 + 3 * sizeof(int) + SaltBytes + SubkeyBytes];
        hash[0] = 0x01;
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(hash.AsSpan(1), HmacSha512);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(hash.AsSpan(5), iterations);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(hash.AsSpan(9), SaltBytes);
        RandomNumberGenerator.Fill(hash.AsSpan(13));
        return Convert.ToBase64String(hash);
    }

    private PasswordVerification Dummy(string password)
    {
        _hasher.VerifyHashedPassword(AnyUser, _dummyHash, password);
        return PasswordVerification.Failed;
    }
}
