using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Bunbase.Runtime.Data;

/// <summary>Ready only while the primary database answers a trivial query.</summary>
internal sealed class DatabaseHealthCheck(Database database) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var connection = await database.OpenAsync(database.PrimarySource, cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                await using var command = connection.CreateCommand();
                command.CommandText = "select 1";
                await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            }

            return HealthCheckResult.Healthy($"{database.Backend} at {database.Description}");
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or TimeoutException or InvalidOperationException)
        {
            return HealthCheckResult.Unhealthy($"{database.Backend} at {database.Description} does not answer: {ex.Message}");
        }
    }
}
