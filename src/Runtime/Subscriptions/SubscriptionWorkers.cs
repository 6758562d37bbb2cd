using Bunbase.Runtime.Configuration;
using Bunbase.Runtime.Discovery;
using Bunbase.Runtime.Events;
using Bunbase.Runtime.Foundation;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Bunbase.Runtime.Subscriptions;

/// <summary>
/// This instance's subscriptions: one <see cref="SubscriptionConsumer"/> per action declaring <c>[On]</c>.
/// Shutdown in phases: no new claim and no new batch from <see cref="StoppingAsync"/>; in
/// <see cref="StopAsync"/> the batches in flight finish within <c>subscriptions.shutdownTimeoutMs</c>
/// (else they are cancelled and delivered again later), positions are saved and every partition is released.
/// </summary>
internal sealed partial class SubscriptionWorkers : IHostedLifecycleService, IAsyncDisposable
{
    private readonly ActionCatalog _catalog;
    private readonly SubscriptionOptions _options;
    private readonly int _graceMs;
    private readonly SubscriptionStore _store;
    private readonly EventRunner _runner;
    private readonly SubscriptionSignals _signals;
    private readonly EventSignals _events;
    private readonly TimeProvider _clock;
    private readonly ShutdownClock _shutdown;
    private readonly ILogger<SubscriptionWorkers> _logger;
    private readonly ILoggerFactory _loggers;
    private readonly CancellationTokenSource _stopReading = new();
    private readonly CancellationTokenSource _abort = new();
    private readonly CancellationTokenSource _stopShare = new();
    private readonly List<SubscriptionConsumer> _consumers = [];
    private readonly List<Task> _readers = [];
    private readonly List<Task> _shares = [];

    public SubscriptionWorkers(ActionCatalog catalog, BunbaseOptions options, SubscriptionStore store, EventRunner runner, SubscriptionSignals signals, EventSignals events, TimeProvider clock, ILoggerFactory loggers)
    {
        _catalog = catalog;
        _options = options.Subscriptions;
        _graceMs = options.Subscriptions.GraceMs(options.ShutdownTimeoutMs);
        _store = store;
        _runner = runner;
        _signals = signals;
        _events = events;
        _clock = clock;
        _shutdown = new ShutdownClock(clock);
        _loggers = loggers;
        _logger = loggers.CreateLogger<SubscriptionWorkers>();
        Member = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";
    }

    /// <summary>This process's name on the partitions it holds.</summary>
    public string Member { get; }

    public IReadOnlyList<SubscriptionConsumer> Consumers => _consumers;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var action in _catalog.Actions.Where(a => a.Subscription is not null))
        {
            var subscription = action.Subscription!;
            var partitions = await _store.EnsurePartitionsAsync(action.Name, _options.Partitions, cancellationToken).ConfigureAwait(false);
            if (partitions != _options.Partitions)
                LogStoredPartitions(_logger, action.Name, partitions, _options.Partitions);
            var plan = new SubscriptionPlan(action, [.. subscription.Types], [.. subscription.Categories], partitions);
            var consumer = new SubscriptionConsumer(plan, _store, _runner, _options, _signals, Member, _clock, _loggers.CreateLogger<SubscriptionConsumer>());
            _consumers.Add(consumer);
            _shares.Add(consumer.KeepShareAsync(_stopShare.Token));
            _readers.Add(consumer.ReadAsync(_stopReading.Token, _abort.Token));
        }

        _shares.Add(RelaySequencedAsync(_stopShare.Token));
        if (_consumers.Count > 0)
            LogStarted(_logger, _consumers.Count, _options.Partitions);
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Shutdown, first phase: no partition is claimed and no batch is read from here on.</summary>
    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        _shutdown.Begin();
        foreach (var consumer in _consumers)
            consumer.StopClaiming();
        await _stopReading.CancelAsync().ConfigureAwait(false);
    }

    /// <summary>Shutdown, second phase: the batches in flight finish (or are cancelled after the grace), positions are saved, partitions released.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await StoppingAsync(cancellationToken).ConfigureAwait(false);
        var readers = Task.WhenAll(_readers.Select(SwallowCancellation));
        var grace = Task.Delay(_shutdown.Left(_graceMs), _clock, CancellationToken.None);
        if (await Task.WhenAny(readers, grace).ConfigureAwait(false) == grace)
        {
            await _abort.CancelAsync().ConfigureAwait(false);
            await Task.WhenAny(readers, Task.Delay(TimeSpan.FromSeconds(1), _clock, CancellationToken.None)).ConfigureAwait(false);
        }

        foreach (var consumer in _consumers)
        {
            try
            {
                await consumer.LeaveAsync(CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                LogLeaveFailed(_logger, consumer.Name, ex);
            }
        }

        await _stopShare.CancelAsync().ConfigureAwait(false);
        await _abort.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(_shares.Select(SwallowCancellation)).ConfigureAwait(false);
    }

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public ValueTask DisposeAsync()
    {
        _stopReading.Dispose();
        _abort.Dispose();
        _stopShare.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>Wakes every subscription when the store numbered new events (here, or on another instance through its LISTEN).</summary>
    private async Task RelaySequencedAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            await _events.Sequenced.WaitAsync(stop).ConfigureAwait(false);
            _signals.WakeAll();
        }
    }

    private static async Task SwallowCancellation(Task task)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Subscriptions: {Count} subscriber(s), {Partitions} partition(s) each")]
    private static partial void LogStarted(ILogger logger, int count, int partitions);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Subscription {Subscription} keeps the {Stored} partitions it was created with (subscriptions.partitions is {Configured}; an existing subscription is not re-partitioned)")]
    private static partial void LogStoredPartitions(ILogger logger, string subscription, int stored, int configured);

    [LoggerMessage(Level = LogLevel.Error, Message = "Shutdown: could not release the partitions of subscription {Subscription}; other instances take them when their leases expire")]
    private static partial void LogLeaveFailed(ILogger logger, string subscription, Exception exception);
}
