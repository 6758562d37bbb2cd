using Microsoft.Extensions.DependencyInjection;

namespace Bunbase.Runtime.Data;

/// <summary>
/// One capability's own tables (jobs, events, webhooks, ...), created idempotently. Each capability creates its
/// tables when the host starts; what runs actions without starting the host (seeds) asks every registration.
/// </summary>
internal sealed class RuntimeTables(Func<CancellationToken, Task> ensure)
{
    public Task EnsureAsync(CancellationToken cancellationToken) => ensure(cancellationToken);
}

internal static class RuntimeTablesRegistration
{
    /// <summary>Registers a capability's tables: <paramref name="ensure"/> gives the method that creates them.</summary>
    public static IServiceCollection AddRuntimeTables(this IServiceCollection services, Func<IServiceProvider, Func<CancellationToken, Task>> ensure) =>
        services.AddSingleton(sp => new RuntimeTables(ensure(sp)));
}
