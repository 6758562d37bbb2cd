using System.ComponentModel.DataAnnotations;

namespace Bunbase.Runtime.Configuration;

/// <summary>
/// Sessions, guards and passwords (<c>auth.*</c>). Durations are a number and a unit: <c>ms</c>,
/// <c>s</c>, <c>m</c>, <c>h</c> or <c>d</c> (<c>30s</c>, <c>7d</c>).
/// </summary>
public sealed class AuthOptions
{
    internal const string DurationPattern = "^[1-9][0-9]{0,8}(ms|s|m|h|d)$";

    /// <summary>
    /// The secret that signs sessions (HMAC-SHA256): at least 32 bytes of UTF-8, random
    /// (<c>openssl rand -base64 48</c>). It is the key with id <c>default</c>. Use <see cref="Keys"/> to rotate.
    /// </summary>
    /// <value>The default is none: required outside Development when an action has an identity guard; in Development a random key lives as long as the process.</value>
    public string? SessionSecret { get; set; }

    /// <summary>
    /// Signing keys with ids, newest first: the first signs new tokens, every one verifies. To
    /// rotate, put a new key first, and drop the old one once its tokens have expired.
    /// </summary>
    /// <value>The default is none (see <see cref="SessionSecret"/>).</value>
#pragma warning disable CA1819 // Bound from configuration.
    public SessionKeyOptions[] Keys { get; set; } = [];
#pragma warning restore CA1819

    /// <summary>How long a session lasts without use; past half of it, a request renews it (sliding).</summary>
    /// <value>The default is <c>7d</c>.</value>
    [Required, RegularExpression(DurationPattern)]
    public string ExpiresIn { get; set; } = "7d";

    /// <summary>The longest a session lasts from sign-in, however often it is renewed.</summary>
    /// <value>The default is <c>30d</c>.</value>
    [Required, RegularExpression(DurationPattern)]
    public string AbsoluteExpiresIn { get; set; } = "30d";

    /// <summary>How far apart the clocks of the instances may be when checking a token's times.</summary>
    /// <value>The default is <c>30s</c>.</value>
    [Required, RegularExpression("^(0|[1-9][0-9]{0,8})(ms|s|m|h|d)$")]
    public string ClockSkew { get; set; } = "30s";

    /// <summary>
    /// How long an instance trusts what it last read of a user's revocations: a session signed out
    /// on one instance stops working on every other one within this time (at once on the instance
    /// that signed it out).
    /// </summary>
    /// <value>The default is <c>5s</c>.</value>
    [Required, RegularExpression(DurationPattern)]
    public string RevocationCacheFor { get; set; } = "5s";

    /// <summary>What happens when the revocation store (Redis when <c>redis.url</c> is set, else the database's <c>bunbase_kv</c> table) cannot be read in time.</summary>
    /// <value>The default is <see cref="SessionStoreFailurePolicy.Closed"/>.</value>
    public SessionStoreFailurePolicy OnStoreFailure { get; set; } = SessionStoreFailurePolicy.Closed;

    /// <summary>PBKDF2 iterations of new password hashes; hashes made with fewer verify as "rehash needed".</summary>
    /// <value>The default is 100,000.</value>
    [Range(10_000, 10_000_000)]
    public int PasswordIterations { get; set; } = 100_000;

    /// <summary>The session cookie (<c>auth.cookie.*</c>).</summary>
    public AuthCookieOptions Cookie { get; set; } = new();

    /// <summary>Cross-site request forgery checks (<c>auth.csrf.*</c>).</summary>
    public CsrfOptions Csrf { get; set; } = new();

    /// <summary>Throttling of failed sign-ins (<c>auth.signIn.*</c>).</summary>
    public SignInThrottleOptions SignIn { get; set; } = new();
}
