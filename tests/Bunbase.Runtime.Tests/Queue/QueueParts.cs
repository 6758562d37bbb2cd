using Bunbase.Runtime.Configuration;
using Bunbase.Runtime.Data;
using Bunbase.Runtime.Queue;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Bunbase.Runtime.Tests.Queue;

/// <summary>
/// The queue's parts, taken from the fixture app started with its own workers off (on the embedded
/// file, whose job store follows the process's clock), with a store, signals and everything the
/// test builds on a fake clock: the test decides when time passes.
/// </summary>
internal sealed class QueueParts : IAsyncDisposable
{
    private readonly JobsAppServer _app;

    private QueueParts(JobsAppServer app)
    {
        _app = app;
        var services = app.Server.Services;
        Options = services.GetRequiredService<BunbaseOptions>();
        Database = services.GetRequiredService<Database>();
        Runner = services.GetRequiredService<JobRunner>();
        Store = JobStoreFactory.Create(Database, Clock);
        Signals = new QueueSignals(Clock);
        Services = services;
    }

    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    public BunbaseOptions Options { get; }

    public Database Database { get; }

    public JobRunner Runner { get; }

    public IJobStore Store { get; }

    public QueueSignals Signals { get; }

    public IServiceProvider Services { get; }

    public ILoggerFactory Loggers => Services.GetRequiredService<ILoggerFactory>();

    /// <summary>Starts the app; nothing in it claims jobs. Leases default to 10 minutes and the poll interval to one, beyond any test's real wait.</summary>
    public static async Task<QueueParts> StartAsync(int leaseMs = 600_000, int pollIntervalMs = 60_000, int batchSize = 16, int shutdownTimeoutMs = 600_000) =>
        new(await JobsAppServer.StartAsync(
            postgres: false,
            queue: $"\"enabled\": false, \"workers\": 2, \"batchSize\": {batchSize}, \"shutdownTimeoutMs\": {shutdownTimeoutMs}",
            pollIntervalMs: pollIntervalMs,
            leaseMs: leaseMs));

    /// <summary>Writes a <c>gated</c> job (waiting at <paramref name="gate"/>, or ending at once without one), due now on the fake clock.</summary>
    public Task<Guid> EnqueueAsync(string? gate = null) =>
        Store.EnqueueAsync(new NewJob(Guid.CreateVersion7(), "default", "gated", gate is null ? "{}" : $$"""{"gate":"{{gate}}"}""", 0, null, 0, 3, null, null, 60_000), null, CancellationToken.None);

    /// <summary>Jobs in <paramref name="status"/> (pending, running or dead).</summary>
    public Task<long> CountAsync(string status) => ScalarAsync<long>($"select count(*) from bunbase_jobs where status = '{status}'");

    public Task<T> ScalarAsync<T>(string sql) =>
        Database.OnPrimaryAsync(
            async connection =>
            {
                await using var command = connection.CreateCommand();
                command.CommandText = sql;
                return (T)Convert.ChangeType((await command.ExecuteScalarAsync())!, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
            },
            CancellationToken.None);

    public JobWorkers CreateWorkers(QueueSignals? signals = null)
    {
        var queue = new JobQueueService(
            Store,
            Services.GetRequiredService<Bunbase.Runtime.Discovery.ActionCatalog>(),
            Services.GetRequiredService<Bunbase.Runtime.Validation.ObjectValidator>(),
            Services.GetRequiredService<Bunbase.Runtime.Json.JsonContracts>(),
            Options,
            signals ?? Signals);
        return new JobWorkers(Options, queue, Runner, signals ?? Signals, Services.GetRequiredService<DatabaseOutages>(), Clock, Loggers, new QueueHistory());
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
