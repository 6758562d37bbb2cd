using Bunbase.Runtime.Auth;
using Bunbase.Runtime.Auth.Csrf;
using Bunbase.Runtime.Auth.Sessions;
using Bunbase.Runtime.Configuration;
using Bunbase.Runtime.Http;
using Microsoft.AspNetCore.Http;

namespace Bunbase.Runtime.Studio;

/// <summary>
/// Who may use the console: exactly who may use <c>/_admin</c> (a session with <c>admin.role</c>, by cookie
/// with the usual Origin check on writes, or bearer token), or in Development the holder of the
/// start-up token's cookie (whose writes need the app's own Origin too). Anyone else gets a refusal page:
/// 401 without a usable session, 403 with one that lacks the role or a write from another origin.
/// </summary>
internal sealed class StudioGate(Authenticator authenticator, OriginCheck origins, BunbaseOptions options, DevelopmentSignIn? development)
{
    /// <summary>The visitor, or null once a refusal page has been written.</summary>
    public async Task<StudioVisitor?> AdmitAsync(HttpContext http)
    {
        var caller = new HttpCaller(http);
        if (development is not null && development.IsValid(http.Request.Cookies[DevelopmentSignIn.CookieName]))
        {
            if (origins.Check(caller) == SessionFailure.None)
                return new StudioVisitor("studio-token");
            await RefuseAsync(http, StatusCodes.Status403Forbidden, "This change came without the app's own Origin header: it was refused (cross-site request forgery).").ConfigureAwait(false);
            return null;
        }

        var auth = authenticator.Tokens.Enabled ? await authenticator.AuthenticateAsync(caller).ConfigureAwait(false) : null;
        if (auth?.Ticket is { } ticket)
        {
            if (auth.IsInRole(options.Admin.Role))
                return new StudioVisitor(ticket.User.Id);
            await RefuseAsync(http, StatusCodes.Status403Forbidden, $"The Studio needs a session with the role '{options.Admin.Role}'.").ConfigureAwait(false);
            return null;
        }

        if (auth?.Failure is SessionFailure.OriginMissing or SessionFailure.OriginNotAllowed)
        {
            await RefuseAsync(http, StatusCodes.Status403Forbidden, "This change came without the app's own Origin header: it was refused (cross-site request forgery).").ConfigureAwait(false);
            return null;
        }

        http.Response.Headers.WWWAuthenticate = "Bearer";
        await RefuseAsync(http, StatusCodes.Status401Unauthorized, $"Sign in to the app with a session that has the role '{options.Admin.Role}', then reload this page.").ConfigureAwait(false);
        return null;
    }

    private static Task RefuseAsync(HttpContext http, int status, string message) =>
        StudioLayout.WriteAsync(http, status == StatusCodes.Status401Unauthorized ? "Sign in required" : "Not allowed", "", new Html().Raw("<p class=\"refused\">").Text(message).Raw("</p>"), status);
}
