using System.Text.Json;
using Bunbase.Runtime.Data;
using Bunbase.Runtime.Foundation;
using Bunbase.Runtime.Observability;

namespace Bunbase.Runtime.Events;

/// <summary>
/// Publishing, shared by every invocation's <c>ctx.Events</c>: checks the names, serialises data and
/// metadata (correlation and causation ids, the publishing span's <c>traceparent</c>), appends the
/// event (in the caller's transaction when there is one) and, once it is committed, wakes the
/// sequencer (PostgreSQL) or the waiting readers (the embedded file).
/// </summary>
internal sealed class EventPublisher(IEventStore store, EventSignals signals, JsonSerializerOptions json)
{
    public const string CorrelationKey = "correlationId";
    public const string CausationKey = "causationId";
    public const string TraceParentKey = "traceparent";

    public IEventStore Store => store;

    /// <summary>
    /// The body options (camelCase, enums by name) without the input contract's member rules, which
    /// are for reading requests: event data may be any object, an anonymous one included.
    /// </summary>
    public static JsonSerializerOptions DataOptions(JsonSerializerOptions bodies) =>
        new(bodies) { TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver() };

    /// <param name="stream">The stream.</param>
    /// <param name="type">The event type.</param>
    /// <param name="data">The payload.</param>
    /// <param name="options">The caller's options.</param>
    /// <param name="cause">The event the publishing invocation handles, if any.</param>
    /// <param name="traceId">The publishing invocation's trace id (the default correlation id).</param>
    /// <param name="transaction">The caller's open transaction, if any.</param>
    /// <param name="cancellationToken">The caller's token.</param>
    public async Task<PublishedEvent> PublishAsync(string stream, string type, object data, EventOptions? options, EventCause? cause, string? traceId, DatabaseTransaction? transaction, CancellationToken cancellationToken)
    {
        if (EventNames.StreamProblem(stream) is { } badStream)
            throw new InvalidEventException(badStream, nameof(stream));
        if (EventNames.TypeProblem(type) is { } badType)
            throw new InvalidEventException(badType, nameof(type));
        if (data is null)
            throw new InvalidEventException("An event needs data (an empty object will do).", nameof(data));

        using var span = JobTraceContext.StartEnqueue("publish " + type);
        span?.SetTag("messaging.system", "bunbase");
        span?.SetTag("messaging.destination.name", stream);
        var id = options?.Id ?? Uuid7.New();
        span?.SetTag("messaging.message.id", id.ToString("D"));
        var newEvent = new NewEvent(
            id,
            stream,
            EventNames.CategoryOf(stream),
            type,
            StreamPartition.Of(stream),
            JsonSerializer.Serialize(data, data.GetType(), json),
            Metadata(options, cause, traceId),
            options?.ExpectedVersion is < 0 ? throw new InvalidEventException("ExpectedVersion is 0 (no stream yet) or more.", nameof(options)) : options?.ExpectedVersion);

        var published = await store.AppendAsync(newEvent, transaction, cancellationToken).ConfigureAwait(false);
        if (published.Duplicate)
            return published;
        if (transaction is null)
            Committed();
        else
            transaction.OnCommitted(() =>
            {
                Committed();
                return Task.CompletedTask;
            });
        return published;
    }

    private void Committed()
    {
        if (store.SequencesAtInsert)
            signals.NotifySequenced(null);
        else
            signals.WakeSequencer();
    }

    private static string Metadata(EventOptions? options, EventCause? cause, string? traceId)
    {
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        if ((options?.CorrelationId ?? cause?.CorrelationId ?? traceId) is { } correlation)
            metadata[CorrelationKey] = correlation;
        if ((options?.CausationId ?? cause?.Id.ToString("D")) is { } causation)
            metadata[CausationKey] = causation;
        if (JobTraceContext.Capture() is { } traceparent)
            metadata[TraceParentKey] = traceparent;
        foreach (var (key, value) in options?.Metadata ?? new Dictionary<string, string>())
        {
            if (key is CorrelationKey or CausationKey or TraceParentKey)
                throw new InvalidEventException($"Metadata key '{key}' is set by the runtime; use EventOptions.CorrelationId or CausationId.", nameof(options));
            if (key.Length is 0 or > EventNames.MaxLength || value is null)
                throw new InvalidEventException($"Metadata keys are 1 to {EventNames.MaxLength} characters, with a value.", nameof(options));
            metadata[key] = value;
        }

        return JsonSerializer.Serialize(metadata);
    }
}
