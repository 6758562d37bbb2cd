using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Bunbase.Runtime.Json;

using Bunbase.Runtime.ActionLog;

namespace Bunbase.Runtime.Admin;

/// <summary>
/// Recent runs for operators, behind <see cref="AdminGate"/> (the same as <c>bunbase runs</c>):
/// <c>GET /_admin/runs?action=&amp;status=&amp;traceId=&amp;limit=</c>, newest first.
/// </summary>
internal static class RunAdminEndpoints
{
    public static void MapRunAdmin(this IEndpointRouteBuilder endpoints)
    {
        var gate = endpoints.ServiceProvider.GetRequiredService<AdminGate>();
        var store = endpoints.ServiceProvider.GetService<IActionRunStore>();
        if (!gate.Enabled || store is null)
            return;
        var json = endpoints.ServiceProvider.GetRequiredService<JsonContracts>().Options;

        endpoints.MapGet(AdminGate.Prefix + "/runs", gate.Guard(async http =>
        {
            var filter = Filter(http.Request.Query);
            var runs = await store.ListAsync(filter, http.RequestAborted).ConfigureAwait(false);
            await http.Response.WriteAsJsonAsync(new Runs(runs.Select(RunView.Of).ToList()), json, http.RequestAborted).ConfigureAwait(false);
        }));
    }

    public static RunFilter Filter(IQueryCollection query)
    {
        var status = AdminQuery.Text(query, "status");
        if (status is not null && !RunFilter.Statuses.Contains(status))
            throw AdminQuery.Invalid("status", $"The field status must be one of {string.Join(", ", RunFilter.Statuses)}.");
        return new RunFilter(AdminQuery.Text(query, "action"), status, AdminQuery.Text(query, "traceId"), AdminQuery.Limit(query));
    }

    private sealed record Runs(List<RunView> Items);
}
