using System.ComponentModel.DataAnnotations;

namespace Bunbase.Runtime.Configuration;

/// <summary>
/// Throttling of failed sign-ins per identifier (<c>auth.signIn.*</c>), counted in the shared store
/// (Redis when configured): after <see cref="FreeAttempts"/> failures each further attempt must
/// wait <see cref="Delay"/>, doubling each time; after <see cref="LockAfter"/> failures the
/// identifier is locked for <see cref="LockFor"/>. A success resets the count; so does a quiet
/// <see cref="Window"/>.
/// </summary>
public sealed class SignInThrottleOptions
{
    /// <summary>Failures allowed without waiting.</summary>
    /// <value>The default is 5.</value>
    [Range(1, 1000)]
    public int FreeAttempts { get; set; } = 5;

    /// <summary>How long the first attempt after <see cref="FreeAttempts"/> failures must wait after the last one; it doubles with each further failure (at most <see cref="LockFor"/>).</summary>
    /// <value>The default is <c>1s</c>.</value>
    [Required, RegularExpression(AuthOptions.DurationPattern)]
    public string Delay { get; set; } = "1s";

    /// <summary>Failures after which the identifier is locked.</summary>
    /// <value>The default is 10.</value>
    [Range(2, 1000)]
    public int LockAfter { get; set; } = 10;

    /// <summary>How long a lock lasts.</summary>
    /// <value>The default is <c>5m</c>.</value>
    [Required, RegularExpression(AuthOptions.DurationPattern)]
    public string LockFor { get; set; } = "5m";

    /// <summary>How long failures are remembered after the last attempt.</summary>
    /// <value>The default is <c>15m</c>.</value>
    [Required, RegularExpression(AuthOptions.DurationPattern)]
    public string Window { get; set; } = "15m";
}
