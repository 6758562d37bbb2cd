using Microsoft.AspNetCore.Http;

namespace Bunbase.Runtime.Observability;

/// <summary>
/// Who may read the health checks' descriptions outside Development (an admin session, <c>Admin/AdminGate</c>):
/// declared here so health does not depend on the admin API.
/// </summary>
internal interface IHealthDetailsAccess
{
    /// <summary>Whether the request carries an admin session.</summary>
    ValueTask<bool> IsAdminAsync(HttpContext http);
}
