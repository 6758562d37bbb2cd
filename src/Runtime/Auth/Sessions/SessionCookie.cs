using Bunbase.Runtime.Configuration;
using Microsoft.AspNetCore.Http;

namespace Bunbase.Runtime.Auth.Sessions;

/// <summary>The session cookie (<c>auth.cookie.*</c>): always HttpOnly; Max-Age is the session's remaining lifetime.</summary>
internal sealed class SessionCookie(AuthSettings settings)
{
    private readonly AuthCookieOptions _options = settings.Options.Cookie;

    public bool Enabled => _options.Enabled;

    public string Name => _options.Name;

    /// <summary>The cookie's value, or null when there is none (or cookies are off).</summary>
    public string? Read(HttpRequest request) =>
        _options.Enabled && request.Headers.Cookie.Count > 0 && request.Cookies.TryGetValue(_options.Name, out var value) && value.Length > 0 ? value : null;

    public void Append(HttpResponse response, string token, TimeSpan maxAge) =>
        response.Cookies.Append(_options.Name, token, Options(maxAge));

    public void Delete(HttpResponse response) => response.Cookies.Delete(_options.Name, Options(null));

    private CookieOptions Options(TimeSpan? maxAge) => new()
    {
        HttpOnly = true,
        Secure = settings.CookieSecure,
        SameSite = _options.SameSite switch
        {
            CookieSameSite.Strict => SameSiteMode.Strict,
            CookieSameSite.None => SameSiteMode.None,
            _ => SameSiteMode.Lax,
        },
        Domain = _options.Domain,
        Path = _options.Path,
        MaxAge = maxAge is { } age ? TimeSpan.FromSeconds(Math.Max(1, Math.Ceiling(age.TotalSeconds))) : null,
    };
}
