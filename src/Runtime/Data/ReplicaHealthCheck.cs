using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Bunbase.Runtime.Data;

/// <summary>
/// One read replica, by the <see cref="ReplicaMonitor"/>'s last verdict (reachable, a standby, lag within the
/// limit; at most <c>database.replicaCheckIntervalMs</c> old). A replica that does not serve is reported as
/// degraded, not unhealthy: reads fall back to the primary, so the instance stays ready. The check sends nothing
/// itself: a hung replica would hold readiness for the connect timeout, as long as a probe waits (the
/// <c>--health-check</c> probe and the deploy files' both give up after 5 s), and every instance would leave the
/// balancer over a server none of them needs.
/// </summary>
internal sealed class ReplicaHealthCheck(Replica replica) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var status = replica.Status;
        return Task.FromResult(replica.Serves
            ? HealthCheckResult.Healthy($"{replica.Description}: serving reads, {status.Detail}")
            : HealthCheckResult.Degraded($"{replica.Description}: {status.State}, {status.Detail}; reads go to the primary"));
    }
}
