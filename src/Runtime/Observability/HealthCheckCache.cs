using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Bunbase.Runtime.Observability;

/// <summary>Serves each health check's result for a short interval (every check but the in-process shutdown one).</summary>
internal static class HealthCheckCache
{
    /// <summary>How long a check's result is served before the check runs again.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    /// <summary>Wraps every registered check (whenever registered) but <see cref="ShutdownHealthCheck"/>, which must turn at once.</summary>
    public static void AddHealthCheckCache(this IServiceCollection services) =>
        services.AddOptions<HealthCheckServiceOptions>().PostConfigure<TimeProvider>((options, time) =>
        {
            foreach (var registration in options.Registrations)
            {
                if (registration.Name == ShutdownName)
                    continue;
                var cached = new CachedHealthCheck(registration.Factory, time);
                registration.Factory = cached.For;
            }
        });

    /// <summary>The name <see cref="ShutdownHealthCheck"/> is registered under.</summary>
    public const string ShutdownName = "shutdown";
}
