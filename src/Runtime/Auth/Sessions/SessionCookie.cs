using Bunbase.Runtime.Configuration;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Bunbase.Runtime.Auth.Sessions;

/// <summary>The session cookie (<c>auth.cookie.*</c>): always HttpOnly; Max-Age is the session's remaining lifetime.</summary>
internal sealed class SessionCookie(AuthSettings settings)
{
    private readonly AuthCookieOptions _options = settings.Options.Cookie;

    public bool Enabled => _options.Enabled;

    public string Name => _options.Name;

    /// <summary>
    /// The cookie's value, read from the <c>Cookie</c> header values in place (the other cookies are not
    /// parsed, nothing is copied); false when there is none, or cookies are off. The first of
    /// several cookies with the name wins, as in <see cref="HttpRequest.Cookies"/>.
    /// </summary>
    public bool TryRead(StringValues cookies, out ReadOnlySpan<char> value)
    {
        value = default;
        if (!_options.Enabled)
            return false;
        foreach (var header in cookies)
        {
            var rest = header.AsSpan();
            while (!rest.IsEmpty)
            {
                var end = rest.IndexOf(';');
                var pair = (end < 0 ? rest : rest[..end]).Trim(' ');
                rest = end < 0 ? default : rest[(end + 1)..];
                if (pair.Length > Name.Length && pair[Name.Length] == '=' && pair.StartsWith(Name, StringComparison.Ordinal))
                {
                    value = pair[(Name.Length + 1)..].Trim('"');
                    return !value.IsEmpty;
                }
            }
        }

        return false;
    }

    public void Append(ICallerRequest request, string token, TimeSpan maxAge) =>
        request.AppendCookie(_options.Name, token, Options(maxAge));

    public void Delete(ICallerRequest request) => request.DeleteCookie(_options.Name, Options(null));

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
