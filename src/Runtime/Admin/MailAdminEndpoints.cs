using Bunbase.Runtime.Json;
using Bunbase.Runtime.Mail;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Bunbase.Runtime.Admin;

/// <summary>
/// The mail log for operators, behind <see cref="AdminGate"/>: <c>GET /_admin/mail?status=&amp;limit=</c>
/// (newest first) and <c>GET /_admin/mail/{id}</c>.
/// </summary>
internal static class MailAdminEndpoints
{
    private const string Prefix = AdminGate.Prefix + "/mail";

    private static readonly string[] Statuses = ["queued", "sent", "failed"];

    public static void MapMailAdmin(this IEndpointRouteBuilder endpoints)
    {
        var gate = endpoints.ServiceProvider.GetRequiredService<AdminGate>();
        if (!gate.Enabled)
            return;
        var store = endpoints.ServiceProvider.GetRequiredService<MailStore>();
        var json = endpoints.ServiceProvider.GetRequiredService<JsonContracts>().Options;

        endpoints.MapGet(Prefix, gate.Guard(async http =>
        {
            var query = http.Request.Query;
            var status = AdminQuery.Text(query, "status");
            if (status is not null && !Statuses.Contains(status))
                throw AdminQuery.Invalid("status", $"The field status must be one of {string.Join(", ", Statuses)}.");
            var entries = await store.ListAsync(status, AdminQuery.Limit(query), http.RequestAborted).ConfigureAwait(false);
            await http.Response.WriteAsJsonAsync(new Listing(entries), json, http.RequestAborted).ConfigureAwait(false);
        }));

        endpoints.MapGet(Prefix + "/{id}", gate.Guard(async http =>
        {
            var entry = Guid.TryParse((string)http.Request.RouteValues["id"]!, out var id)
                ? await store.FindAsync(id, http.RequestAborted).ConfigureAwait(false)
                : null;
            await http.Response.WriteAsJsonAsync(entry ?? throw new NotFoundException("There is no such message in the mail log.", "mail_not_found"), json, http.RequestAborted).ConfigureAwait(false);
        }));
    }

    private sealed record Listing(IReadOnlyList<MailLogEntry> Items);
}
