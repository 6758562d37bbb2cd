using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Bunbase.Runtime.Studio;

/// <summary>
/// In Development only: a one-time token printed at start-up that a browser exchanges
/// (<c>/_studio/sign-in?token=</c>) for a studio cookie valid for <see cref="Lifetime"/>, so a
/// developer can open the console before any admin account exists. Held in this process's memory:
/// it ends with the process and is never valid on another instance.
/// </summary>
internal sealed class DevelopmentSignIn(TimeProvider clock)
{
    public const string CookieName = "bunbase_studio";

    /// <summary>One hour.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);

    private readonly ConcurrentDictionary<string, DateTimeOffset> _sessions = new(StringComparer.Ordinal);
    private string? _token = NewSecret();

    /// <summary>The token to print, until it is used.</summary>
    public string? Token => Volatile.Read(ref _token);

    /// <summary>Exchanges the token (once) for a cookie value; null for a wrong or spent token.</summary>
    public string? Exchange(string? token)
    {
        var current = Volatile.Read(ref _token);
        if (token is null || current is null || !CryptographicOperations.FixedTimeEquals(System.Text.Encoding.UTF8.GetBytes(token), System.Text.Encoding.UTF8.GetBytes(current))
            || Interlocked.CompareExchange(ref _token, null, current) != current)
            return null;
        var session = NewSecret();
        _sessions[session] = clock.GetUtcNow() + Lifetime;
        return session;
    }

    public bool IsValid(string? session)
    {
        if (session is null || !_sessions.TryGetValue(session, out var expires))
            return false;
        if (expires > clock.GetUtcNow())
            return true;
        _sessions.TryRemove(session, out _);
        return false;
    }

    private static string NewSecret() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
}
