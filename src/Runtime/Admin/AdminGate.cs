using Bunbase.Runtime.Auth;
using Bunbase.Runtime.Auth.Guards;
using Bunbase.Runtime.Auth.Sessions;
using Bunbase.Runtime.Configuration;
using Bunbase.Runtime.Http;
using Microsoft.AspNetCore.Http;
using Bunbase.Runtime.Observability;

namespace Bunbase.Runtime.Admin;

/// <summary>
/// Guards the runtime's operator endpoints (<c>/_admin/...</c>): a session with <c>admin.role</c>,
/// by cookie (with the usual Origin check on writes) or bearer token, exactly as a guarded action
/// would check it. Answers as a problem (401 with <c>WWW-Authenticate</c>, 403 <c>role_required</c>) otherwise.
/// </summary>
internal sealed class AdminGate(Authenticator authenticator, BunbaseOptions options, ProblemResponses problems) : IHealthDetailsAccess
{
    public const string Prefix = "/_admin";

    // The same requirement, and so the same 403 role_required, as [RequireRole] on an action.
    private readonly Requirement _role = new(RequirementKind.Role, [options.Admin.Role]);

    /// <summary>Operator endpoints need sessions to be configured, and <c>admin.enabled</c>.</summary>
    public bool Enabled => options.Admin.Enabled && authenticator.Tokens.Enabled;

    /// <summary>Whether the request carries a usable session with <c>admin.role</c> (false when the operator endpoints are off).</summary>
    public async ValueTask<bool> IsAdminAsync(HttpContext http)
    {
        if (!Enabled)
            return false;
        var caller = await authenticator.AuthenticateAsync(new HttpCaller(http)).ConfigureAwait(false);
        return caller?.Ticket is not null && caller.IsInRole(options.Admin.Role);
    }

    /// <summary>A request delegate that runs <paramref name="handle"/> for an admin, and answers a problem for anyone else.</summary>
    public RequestDelegate Guard(Func<HttpContext, Task> handle) => async http =>
    {
        try
        {
            var caller = await authenticator.AuthenticateAsync(new HttpCaller(http)).ConfigureAwait(false);
            if (caller?.Ticket is null)
                throw SessionFailures.Reject(caller?.Failure ?? SessionFailure.None);
            if (!_role.IsMetBy(caller))
                throw _role.Refusal();
            await handle(http).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            await problems.WriteExceptionAsync(http, "admin", ex).ConfigureAwait(false);
        }
    };
}
