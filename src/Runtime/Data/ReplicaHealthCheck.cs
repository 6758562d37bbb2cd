using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace Bunbase.Runtime.Data;

/// <summary>
/// One read replica: answers now, and serves reads by the last lag check. A replica that does not
/// is reported as degraded, not unhealthy: reads fall back to the primary, so the instance stays ready.
/// </summary>
internal sealed class ReplicaHealthCheck(Replica replica) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var command = replica.Source.CreateCommand("select 1");
            await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            return HealthCheckResult.Degraded($"{replica.Description} does not answer ({ex.Message}); reads go to the primary");
        }

        var status = replica.Status;
        return replica.Serves
            ? HealthCheckResult.Healthy($"{replica.Description}: serving reads, {status.Detail}")
            : HealthCheckResult.Degraded($"{replica.Description}: {status.State}, {status.Detail}; reads go to the primary");
    }
}
