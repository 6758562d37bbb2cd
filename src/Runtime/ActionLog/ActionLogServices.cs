using Bunbase.Runtime.Configuration;
using Bunbase.Runtime.Data;
using Bunbase.Runtime.Json;
using Bunbase.Runtime.Pipeline;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bunbase.Runtime.ActionLog;

/// <summary>Registers the action-run log (<c>persistence.*</c>): a buffer every invocation adds to (<see cref="IRunRecorder"/>), and its flusher.</summary>
internal static class ActionLogServices
{
    public static IServiceCollection AddActionLog(this IServiceCollection services, BunbaseOptions options, JsonContracts json)
    {
        services.AddSingleton(options.Persistence);
        services.AddSingleton<ActionRunLog>();
        services.AddSingleton<IRunRecorder>(sp => sp.GetRequiredService<ActionRunLog>());
        if (!options.Persistence.Enabled)
            return services;
        services.AddSingleton(_ => new RunPayloads(json.Options, options.Persistence));
        services.AddSingleton<IActionRunStore>(sp => sp.GetRequiredService<Database>() is { Backend: DatabaseBackend.PostgreSql } database
            ? new PostgresActionRunStore(database, database.WithPrimaryPool(DatabaseFactory.CreateDedicatedPrimary(options, poolSize: 3, sp.GetRequiredService<ILoggerFactory>())))
            : new SqliteActionRunStore(sp.GetRequiredService<Database>()));
        services.AddRuntimeTables(sp => sp.GetRequiredService<IActionRunStore>().EnsureSchemaAsync);
        services.AddHostedService<ActionRunFlusher>();
        return services;
    }
}
