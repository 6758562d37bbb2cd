using Bunbase.Runtime.Configuration;
using Bunbase.Runtime.Foundation;

namespace Bunbase.Runtime.Auth;

/// <summary><c>auth.*</c> checked and parsed once at start: durations as spans, cookie and origin rules.</summary>
internal sealed class AuthSettings
{
    private AuthSettings(AuthOptions options, string appName, bool isDevelopment)
    {
        Options = options;
        AppName = appName;
        IsDevelopment = isDevelopment;
        ExpiresIn = Duration(options.ExpiresIn);
        AbsoluteExpiresIn = Duration(options.AbsoluteExpiresIn);
        ClockSkew = Duration(options.ClockSkew);
        RevocationCacheFor = Duration(options.RevocationCacheFor);
        SignInDelay = Duration(options.SignIn.Delay);
        LockFor = Duration(options.SignIn.LockFor);
        SignInWindow = Duration(options.SignIn.Window);
        CookieSecure = options.Cookie.Secure switch
        {
            CookieSecurity.Always => true,
            CookieSecurity.Never => false,
            _ => !isDevelopment,
        };
    }

    public AuthOptions Options { get; }

    /// <summary>The issuer and audience of every token, and the namespace of stored keys.</summary>
    public string AppName { get; }

    public bool IsDevelopment { get; }

    public TimeSpan ExpiresIn { get; }

    public TimeSpan AbsoluteExpiresIn { get; }

    public TimeSpan ClockSkew { get; }

    public TimeSpan RevocationCacheFor { get; }

    public TimeSpan SignInDelay { get; }

    public TimeSpan LockFor { get; }

    public TimeSpan SignInWindow { get; }

    public bool CookieSecure { get; }

    /// <summary>The other origins (<c>scheme://host[:port]</c>, lower case) trusted for cookie-authenticated writes.</summary>
    public IReadOnlySet<string> AllowedOrigins { get; private init; } = new HashSet<string>();

    public static AuthSettings Create(BunbaseOptions options, bool isDevelopment)
    {
        var auth = options.Auth;
        var settings = new AuthSettings(auth, options.Name, isDevelopment) { AllowedOrigins = Origins(auth.Csrf.AllowedOrigins) };
        var errors = new List<string>();
        if (settings.AbsoluteExpiresIn < settings.ExpiresIn)
            errors.Add($"'auth.absoluteExpiresIn' ({auth.AbsoluteExpiresIn}) must not be shorter than 'auth.expiresIn' ({auth.ExpiresIn})");
        if (settings.ExpiresIn < TimeSpan.FromMinutes(1))
            errors.Add($"'auth.expiresIn' ({auth.ExpiresIn}) must be at least 1m");
        if (auth.SignIn.LockAfter <= auth.SignIn.FreeAttempts)
            errors.Add($"'auth.signIn.lockAfter' ({auth.SignIn.LockAfter}) must be greater than 'auth.signIn.freeAttempts' ({auth.SignIn.FreeAttempts})");

        var cookie = auth.Cookie;
        if (cookie.SameSite == CookieSameSite.None && cookie.Secure != CookieSecurity.Always)
            errors.Add("'auth.cookie.sameSite' None needs 'auth.cookie.secure' Always (browsers refuse SameSite=None cookies without Secure)");
        if (cookie.Name.StartsWith("__Host-", StringComparison.Ordinal) && (cookie.Secure == CookieSecurity.Never || cookie.Path != "/" || cookie.Domain is not null))
            errors.Add("'auth.cookie.name' with the __Host- prefix needs 'auth.cookie.secure' other than Never, 'auth.cookie.path' / and no 'auth.cookie.domain'");
        if (cookie.Name.StartsWith("__Secure-", StringComparison.Ordinal) && cookie.Secure == CookieSecurity.Never)
            errors.Add("'auth.cookie.name' with the __Secure- prefix needs 'auth.cookie.secure' other than Never");

        foreach (var origin in auth.Csrf.AllowedOrigins)
        {
            if (Origin(origin) is null)
                errors.Add($"'auth.csrf.allowedOrigins' holds '{origin}', which is not an origin such as https://app.example.com (scheme, host and port only)");
        }

        if (errors.Count > 0)
            throw new StartupException("Invalid configuration: " + string.Join("; ", errors));
        return settings;
    }

    private static TimeSpan Duration(string text) =>
        text.StartsWith('0') ? TimeSpan.Zero : DurationText.Parse(text) ?? throw new StartupException($"'{text}' is not a duration such as 30s, 1m, 1h or 7d");

    private static HashSet<string> Origins(IEnumerable<string> origins) =>
        origins.Select(Origin).OfType<string>().ToHashSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>The serialized origin (<c>https://host[:port]</c>, no default port, lower case), or null when it is not one.</summary>
    private static string? Origin(string text)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")
            || uri.AbsolutePath != "/" || uri.Query.Length > 0 || uri.Fragment.Length > 0 || uri.UserInfo.Length > 0)
            return null;
        return uri.GetLeftPart(UriPartial.Authority).ToLowerInvariant();
    }
}
