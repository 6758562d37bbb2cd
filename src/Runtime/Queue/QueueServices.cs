using Bunbase.Runtime.Configuration;
using Bunbase.Runtime.Data;
using Microsoft.Extensions.DependencyInjection;
using Bunbase.Runtime.Pipeline;

namespace Bunbase.Runtime.Queue;

/// <summary>Registers the queue: <c>ctx.Queue</c> and, unless <c>queue.enabled</c> is false, this instance's workers and cron scheduler.</summary>
internal static class QueueServices
{
    /// <summary>
    /// The job store (<see cref="JobStoreFactory"/>) and its tables, enqueueing and running; with workers on,
    /// <see cref="JobWorkers"/>, <see cref="CronScheduler"/> and, on PostgreSQL, a LISTEN connection that wakes workers as jobs commit.
    /// The host registers the database and a <see cref="TimeProvider"/> before.
    /// </summary>
    public static IServiceCollection AddQueue(this IServiceCollection services, BunbaseOptions options)
    {
        services.AddSingleton<QueueSignals>();
        services.AddSingleton(sp => JobStoreFactory.Create(sp.GetRequiredService<Database>(), sp.GetRequiredService<TimeProvider>()));
        services.AddRuntimeTables(sp => sp.GetRequiredService<IJobStore>().EnsureSchemaAsync);
        services.AddSingleton<JobQueueService>();
        services.AddSingleton<IJobEnqueuer>(sp => sp.GetRequiredService<JobQueueService>());
        services.AddSingleton<JobRunner>();
        services.AddSingleton<QueueHistory>();
        services.AddHostedService<QueueStartup>();
        if (!options.Queue.Enabled)
            return services;
        services.AddHostedService<JobWorkers>();
        services.AddHostedService<CronScheduler>();
        services.AddNotificationHandler<JobNotificationListener>(options);
        return services;
    }
}
