using Bunbase.Runtime.Configuration;
using Bunbase.Runtime.Observability;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;

namespace Bunbase.Runtime.Data;

/// <summary>Registers <c>ctx.Db</c> and its health.</summary>
internal static class DatabaseServices
{
    /// <summary>
    /// <c>ctx.Db</c>: PostgreSQL (and its read replicas) when <c>database.url</c> is set, the embedded
    /// SQLite file otherwise. Checked before the app serves; replicas are watched in the background.
    /// </summary>
    public static IServiceCollection AddDatabase(this IServiceCollection services, IHealthChecksBuilder health, BunbaseOptions options, string contentRoot)
    {
        DatabaseFactory.Validate(options.Database); // refuses a malformed URL at start
        services.AddSingleton<DatabaseOutages>();
        services.AddSingleton(sp => DatabaseFactory.Create(options, contentRoot, sp.GetRequiredService<ILoggerFactory>()));
        services.AddSingleton(options.Database);
        services.AddHostedService<DatabaseStartup>();
        services.AddHostedService<ReplicaMonitor>();
        var timeout = TimeSpan.FromMilliseconds(Math.Max(1_000, options.Database.ConnectTimeoutMs));
        health.Add(new HealthCheckRegistration("database", sp => new DatabaseHealthCheck(sp.GetRequiredService<Database>()), HealthStatus.Unhealthy, [HealthEndpoints.ReadyTag], timeout));
        for (var i = 0; i < options.Database.ReadReplicas.Length; i++)
        {
            var index = i;
            health.Add(new HealthCheckRegistration($"database-replica-{i}", sp => new ReplicaHealthCheck(sp.GetRequiredService<Database>().Replicas[index]), HealthStatus.Degraded, [HealthEndpoints.ReadyTag], timeout));
        }

        return services;
    }
}
