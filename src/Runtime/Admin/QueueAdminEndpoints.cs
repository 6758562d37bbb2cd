using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Bunbase.Runtime.Json;

using Bunbase.Runtime.Queue;

namespace Bunbase.Runtime.Admin;

/// <summary>
/// The queue for operators, behind <see cref="AdminGate"/> (the same as <c>bunbase jobs</c>):
/// <c>GET /_admin/jobs</c> (depth and dead count), <c>GET /_admin/jobs/dead?action=&amp;limit=</c>,
/// and <c>POST /_admin/jobs/dead/retry</c> or <c>/purge</c> with <c>?id=</c>, <c>?action=</c> or <c>?all=true</c>.
/// </summary>
internal static class QueueAdminEndpoints
{
    public static void MapQueueAdmin(this IEndpointRouteBuilder endpoints)
    {
        var gate = endpoints.ServiceProvider.GetRequiredService<AdminGate>();
        if (!gate.Enabled)
            return;
        var store = endpoints.ServiceProvider.GetRequiredService<IJobStore>();
        var json = endpoints.ServiceProvider.GetRequiredService<JsonContracts>().Options;

        endpoints.MapGet(AdminGate.Prefix + "/jobs", gate.Guard(async http =>
        {
            var depth = await store.DepthAsync(http.RequestAborted).ConfigureAwait(false);
            var dead = await store.ListDeadAsync(null, 10_000, http.RequestAborted).ConfigureAwait(false);
            await http.Response.WriteAsJsonAsync(new Summary(depth, dead.Count), json, http.RequestAborted).ConfigureAwait(false);
        }));

        endpoints.MapGet(AdminGate.Prefix + "/jobs/dead", gate.Guard(async http =>
        {
            var limit = AdminQuery.Limit(http.Request.Query);
            var jobs = await store.ListDeadAsync(AdminQuery.Text(http.Request.Query, "action"), limit, http.RequestAborted).ConfigureAwait(false);
            await http.Response.WriteAsJsonAsync(new DeadJobs(jobs), json, http.RequestAborted).ConfigureAwait(false);
        }));

        endpoints.MapPost(AdminGate.Prefix + "/jobs/dead/retry", gate.Guard(async http =>
        {
            var (id, action) = Selection(http.Request.Query);
            var retried = await store.RetryDeadAsync(id, action, http.RequestAborted).ConfigureAwait(false);
            await http.Response.WriteAsJsonAsync(new Retried(retried), json, http.RequestAborted).ConfigureAwait(false);
        }));

        endpoints.MapPost(AdminGate.Prefix + "/jobs/dead/purge", gate.Guard(async http =>
        {
            var (id, action) = Selection(http.Request.Query);
            var purged = await store.PurgeDeadAsync(id, action, http.RequestAborted).ConfigureAwait(false);
            await http.Response.WriteAsJsonAsync(new Purged(purged), json, http.RequestAborted).ConfigureAwait(false);
        }));
    }

    /// <summary>Which dead jobs: one (<c>id</c>), one action's (<c>action</c>) or all (<c>all=true</c>); nothing chosen is an error, not "everything".</summary>
    private static (Guid? Id, string? Action) Selection(IQueryCollection query)
    {
        var id = AdminQuery.Text(query, "id");
        var action = AdminQuery.Text(query, "action");
        if (id is not null)
        {
            return Guid.TryParse(id, CultureInfo.InvariantCulture, out var parsed)
                ? (parsed, action)
                : throw AdminQuery.Invalid("id", $"'{id}' is not a job id.");
        }

        if (action is null && !string.Equals(AdminQuery.Text(query, "all"), "true", StringComparison.OrdinalIgnoreCase))
            throw new BadRequestException("selection_required", "Say which dead jobs: ?id=, ?action= or ?all=true.");
        return (null, action);
    }

    private sealed record Summary(IReadOnlyList<QueueDepth> Queues, int Dead);

    private sealed record DeadJobs(IReadOnlyList<DeadJob> Jobs);

    private sealed record Retried(int Count);

    private sealed record Purged(int Count);
}
