using Bunbase.Runtime.Observability;
using Microsoft.Extensions.DependencyInjection;

namespace Bunbase.Runtime.Admin;

/// <summary>Registers the operators' gate (admin sessions or the admin key), also asked before health details are shown.</summary>
internal static class AdminServices
{
    public static IServiceCollection AddAdmin(this IServiceCollection services)
    {
        services.AddSingleton<AdminGate>();
        services.AddSingleton<IHealthDetailsAccess>(sp => sp.GetRequiredService<AdminGate>());
        return services;
    }
}
