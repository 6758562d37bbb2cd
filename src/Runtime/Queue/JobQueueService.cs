using System.Collections.Frozen;
using System.Text.Json;
using Bunbase.Runtime.Configuration;
using Bunbase.Runtime.Foundation;
using Bunbase.Runtime.Observability;
using Bunbase.Runtime.Data;
using Bunbase.Runtime.Discovery;
using Bunbase.Runtime.Pipeline;
using Bunbase.Runtime.Validation;
using Bunbase.Runtime.Json;

namespace Bunbase.Runtime.Queue;

/// <summary>
/// Enqueueing, shared by every invocation's <c>ctx.Queue</c> and the cron scheduler: validates the
/// input now (a bad job is the caller's bug, reported at once, not a dead job later), resolves
/// queue, priority and attempts, writes the job (in the caller's transaction when there is one)
/// and wakes this process's workers once it is visible.
/// </summary>
internal sealed class JobQueueService : IJobEnqueuer
{
    private const int MaxKeyLength = 512;
    private readonly IJobStore _store;
    private readonly ObjectValidator _validator;
    private readonly JsonSerializerOptions _json;
    private readonly QueueOptions _options;
    private readonly QueueSignals _signals;

    public JobQueueService(IJobStore store, ActionCatalog catalog, ObjectValidator validator, JsonContracts json, BunbaseOptions options, QueueSignals signals)
    {
        _store = store;
        _validator = validator;
        _json = json.Options;
        _options = options.Queue;
        _signals = signals;
        Queues = catalog.Actions.Select(a => a.Job.Queue).Append("default").Concat(options.Queue.Queues).ToFrozenSet(StringComparer.Ordinal);
    }

    /// <summary>Every queue this app works: <c>default</c>, those actions name, and <c>queue.queues</c>.</summary>
    public FrozenSet<string> Queues { get; }

    public IJobStore Store => _store;

    public async Task<Guid> EnqueueAsync(ActionDescriptor action, object input, JobOptions? options, DatabaseTransaction? transaction, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (_validator.Validate(input) is { } errors)
            throw new InvalidJobInputException(action.Name, errors);
        var queue = options?.Queue ?? action.Job.Queue;
        if (!Queues.Contains(queue))
            throw new ArgumentException($"Queue '{queue}' is not worked by this app: name it in [Job(Queue = \"{queue}\")] on an action or in queue.queues.", nameof(options));
        if (options?.IdempotencyKey is { Length: 0 or > MaxKeyLength })
            throw new ArgumentException($"An idempotency key must be 1 to {MaxKeyLength} characters.", nameof(options));
        if (options?.MaxAttempts is < 1)
            throw new ArgumentException("MaxAttempts must be at least 1.", nameof(options));

        // The job's execution will be a child of this span: the trace follows the work across the queue.
        using var span = JobTraceContext.StartEnqueue("enqueue " + action.Name);
        span?.SetTag("messaging.destination.name", queue);
        var job = new NewJob(
            Uuid7.New(),
            queue,
            action.Name,
            JsonSerializer.Serialize(input, action.InputType, _json),
            options?.Priority ?? action.Job.Priority,
            options?.RunAt,
            Math.Max(0, options?.Delay?.TotalMilliseconds ?? 0),
            options?.MaxAttempts ?? action.Job.MaxAttempts ?? _options.MaxAttempts,
            JobTraceContext.Capture(),
            options?.IdempotencyKey,
            _options.IdempotencyWindowMs);
        var id = await _store.EnqueueAsync(job, transaction, cancellationToken).ConfigureAwait(false);
        RuntimeInstruments.JobsEnqueued.Add(1, new KeyValuePair<string, object?>("queue", queue));
        if (transaction is null)
            _signals.Wake(queue);
        else
            transaction.OnCommitted(() => Wake(queue));
        return id;
    }

    /// <summary>The job of one cron tick: an empty input (discovery made sure it is valid), due at the tick.</summary>
    public NewJob CronJob(ActionDescriptor action, DateTimeOffset tick) => new(
        Uuid7.New(),
        action.Job.Queue,
        action.Name,
        "{}",
        action.Job.Priority,
        tick,
        0,
        action.Job.MaxAttempts ?? _options.MaxAttempts,
        TraceParent: null,
        IdempotencyKey: null,
        _options.IdempotencyWindowMs,
        tick);

    private Task Wake(string queue)
    {
        _signals.Wake(queue);
        return Task.CompletedTask;
    }
}
