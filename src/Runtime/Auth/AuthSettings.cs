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

    /// <summary>
    /// The other origins trusted for cookie-authenticated writes: <c>auth.csrf.allowedOrigins</c>, and
    /// <c>cors.allowedOrigins</c> when those pages send cookies (a page that may read responses with the
    /// user's cookies may as well write).
    /// </summary>
    public OriginList AllowedOrigins { get; private init; } = OriginList.Empty;

    public static AuthSettings Create(BunbaseOptions options, bool isDevelopment)
    {
        var auth = options.Auth;
        var errors = new List<string>();
        // The CORS list's own mistakes are reported by its policy.
        var invalidOrigins = new List<string>();
        var trusted = options.Cors.AllowCredentials ? auth.Csrf.AllowedOrigins.Concat(options.Cors.AllowedOrigins) : auth.Csrf.AllowedOrigins;
        var settings = new AuthSettings(auth, options.Name, isDevelopment) { AllowedOrigins = OriginList.Parse(trusted, invalidOrigins) };
        foreach (var origin in auth.Csrf.AllowedOrigins.Intersect(invalidOrigins, StringComparer.Ordinal))
            errors.Add($"'auth.csrf.allowedOrigins' holds '{origin}', which is not an origin such as https://app.example.com (scheme, host and port only) or https://*.example.com");
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

        if (errors.Count > 0)
            throw new StartupException("Invalid configuration: " + string.Join("; ", errors));
        return settings;
    }

    private static TimeSpan Duration(string text) =>
        text.StartsWith('0') ? TimeSpan.Zero : DurationText.Parse(text) ?? throw new StartupException($"'{text}' is not a duration such as 30s, 1m, 1h or 7d");
}
