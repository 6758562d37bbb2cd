using Bunbase.Runtime.Auth.Passwords;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Bunbase.Runtime.Tests.Auth.Passwords;

public sealed class PasswordHashingTests
{
    private const int Iterations = 10_000;

    [Fact]
    public void A_hash_verifies_its_password_and_nothing_else()
    {
        var passwords = new PasswordHashing(Iterations);

        var hash = passwords.Hash("correct horse battery staple");

        Assert.Equal(PasswordVerification.Succeeded, passwords.Verify(hash, "correct horse battery staple"));
        Assert.Equal(PasswordVerification.Failed, passwords.Verify(hash, "correct horse battery stapl"));
        Assert.NotEqual(hash, passwords.Hash("correct horse battery staple"));
        Assert.DoesNotContain("correct", hash, StringComparison.Ordinal);
    }

    [Fact]
    public void A_hash_made_with_fewer_rounds_asks_to_be_replaced()
    {
        var old = new PasswordHashing(Iterations).Hash("pw-1234567");

        Assert.Equal(PasswordVerification.SucceededRehashNeeded, new PasswordHashing(Iterations * 2).Verify(old, "pw-1234567"));
    }

    [Fact]
    public void An_unknown_user_costs_the_same_work_as_a_known_one()
    {
        var recorder = new RecordingHasher(Iterations);
        var passwords = new PasswordHashing(recorder, Iterations);
        var known = passwords.Hash("pw-1234567");
        recorder.Verified.Clear();

        Assert.Equal(PasswordVerification.Failed, passwords.Verify(known, "wrong-password"));
        Assert.Equal(PasswordVerification.Failed, passwords.Verify(null, "wrong-password"));
        Assert.Equal(PasswordVerification.Failed, passwords.Verify("", "wrong-password"));
        Assert.Equal(PasswordVerification.Failed, passwords.Verify("not base64 at all!", "wrong-password"));

        // Each check ran PBKDF2 once over a real hash with the configured rounds (the unknown ones over the dummy).
        Assert.Equal(5, recorder.Verified.Count);
        Assert.All(recorder.Verified.Where(h => h != "not base64 at all!"), hash => Assert.Equal(Iterations, RecordingHasher.Rounds(hash)));
        Assert.Equal(4, recorder.Verified.Count(h => h != "not base64 at all!"));
    }

    [Fact]
    public void The_dummy_hash_is_one_Identity_reads_in_full()
    {
        // The dummy with its subkey replaced by one a password derives: if Identity accepts that password, it read the
        // dummy's marker, PRF, rounds and salt as its own, so checking the dummy runs the whole PBKDF2 before it fails.
        var dummy = Convert.FromBase64String(PasswordHashing.DummyHash(Iterations));
        var salt = dummy.AsSpan(13, 16).ToArray();
        var twin = dummy.AsSpan(0, 13 + 16).ToArray()
            .Concat(Microsoft.AspNetCore.Cryptography.KeyDerivation.KeyDerivation.Pbkdf2(
                "pw-1234567", salt, Microsoft.AspNetCore.Cryptography.KeyDerivation.KeyDerivationPrf.HMACSHA512, Iterations, 32))
            .ToArray();
        var hasher = new PasswordHasher<object>(Options.Create(new PasswordHasherOptions { IterationCount = Iterations }));

        Assert.Equal(61, dummy.Length);
        Assert.Equal(PasswordVerificationResult.Success, hasher.VerifyHashedPassword(new object(), Convert.ToBase64String(twin), "pw-1234567"));
        Assert.Equal(PasswordVerificationResult.Failed, hasher.VerifyHashedPassword(new object(), Convert.ToBase64String(dummy), "pw-1234567"));
        Assert.NotEqual(PasswordHashing.DummyHash(Iterations), PasswordHashing.DummyHash(Iterations));
    }

    [Fact]
    public void An_empty_password_cannot_be_hashed()
    {
        Assert.Throws<ArgumentException>(() => new PasswordHashing(Iterations).Hash(""));
    }

    /// <summary>The real hasher, noting each hash it verifies.</summary>
    private sealed class RecordingHasher(int iterations)
        : PasswordHasher<object>(Options.Create(new PasswordHasherOptions { IterationCount = iterations }))
    {
        public List<string> Verified { get; } = [];

        public override PasswordVerificationResult VerifyHashedPassword(object user, string hashedPassword, string providedPassword)
        {
            Verified.Add(hashedPassword);
            return base.VerifyHashedPassword(user, hashedPassword, providedPassword);
        }

        /// <summary>The rounds in a version-3 hash (format marker, PRF, rounds, salt length, big-endian).</summary>
        public static int Rounds(string hash)
        {
            var bytes = Convert.FromBase64String(hash);
            return (bytes[5] << 24) | (bytes[6] << 16) | (bytes[7] << 8) | bytes[8];
        }
    }
}
