using System.Collections.Frozen;
using System.Reflection;
using System.Text.Json;
using Bunbase.Runtime.Discovery;
using Bunbase.Runtime.Json;
using Bunbase.Runtime.Observability;
using Bunbase.Runtime.Pipeline;

namespace Bunbase.Runtime.Subscriptions;

/// <summary>
/// The event transport: runs one delivery of an event through <see cref="InvocationPipeline"/> as an
/// <see cref="EventInvocation"/>, its span a child of the publisher's (the metadata's traceparent).
/// One typed delegate per subscribing action, built once.
/// </summary>
internal sealed class EventRunner
{
    private static readonly MethodInfo RunTypedMethod = typeof(EventRunner).GetMethod(nameof(RunTyped), BindingFlags.NonPublic | BindingFlags.Static)!;
    private readonly InvocationPipeline _pipeline;
    private readonly ActionContextServices _context;
    private readonly JsonSerializerOptions _json;
    private readonly FrozenDictionary<string, Func<InvocationPipeline, JsonSerializerOptions, EventInvocation, string, Task>> _runs;

    public EventRunner(ActionCatalog catalog, InvocationPipeline pipeline, ActionContextServices context, JsonContracts json)
    {
        _pipeline = pipeline;
        _context = context;
        _json = json.Options;
        _runs = catalog.Actions.Where(a => a.Subscription is not null).ToFrozenDictionary(
            a => a.Name,
            a => RunTypedMethod.MakeGenericMethod(a.InputType, a.OutputType)
                .CreateDelegate<Func<InvocationPipeline, JsonSerializerOptions, EventInvocation, string, Task>>(),
            StringComparer.Ordinal);
    }

    /// <summary>Handles the event once; throws what the handler (or binding, or validation) threw.</summary>
    public async Task RunAsync(ActionDescriptor action, StoredEvent stored, int attempt, CancellationToken cancellationToken)
    {
        var metadata = EventMetadata.Parse(stored.Metadata);
        using var span = JobTraceContext.StartExecution("event " + action.Name, metadata.TraceParent);
        if (span.IsAllDataRequested)
        {
            span.SetTag("messaging.destination.name", stored.Type);
            span.SetTag("messaging.message.id", stored.Id.ToString());
            span.SetTag("messaging.consumer.group.name", action.Name);
        }

        var info = new EventInfo(stored.Id, stored.Stream, stored.Type, stored.Version, stored.GlobalPosition, attempt, metadata.CorrelationId, metadata.CausationId, stored.CreatedAt);
        var invocation = new EventInvocation(info, action, _context, cancellationToken);
        await using (invocation.ConfigureAwait(false))
            await _runs[action.Name](_pipeline, _json, invocation, stored.Data).ConfigureAwait(false);
    }

    private static Task RunTyped<TInput, TOutput>(InvocationPipeline pipeline, JsonSerializerOptions json, EventInvocation invocation, string data)
        where TInput : notnull =>
        pipeline.RunAsync(invocation, new EventTransport<TInput, TOutput>(data, json));
}
