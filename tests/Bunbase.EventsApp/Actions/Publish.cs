using System.ComponentModel.DataAnnotations;
using System.Text.Json;

namespace Bunbase.EventsApp.Actions;

/// <summary>Publishes one event (its data as given) and answers with the request's trace id, which the subscriber's run should share.</summary>
[Action("publish")]
[Post("/publish")]
public sealed class Publish : ActionHandler<Publish.Input, Publish.Output>
{
    public sealed record Input([Required] string Stream, [Required] string Type, JsonElement Data, string? CorrelationId = null);

    public sealed record Output(Guid Id, long Version, string TraceId);

    public override async Task<Output> RunAsync(Input input, ActionContext context, CancellationToken cancellationToken)
    {
        var published = await context.Events.PublishAsync(input.Stream, input.Type, input.Data, new EventOptions { CorrelationId = input.CorrelationId }, cancellationToken);
        return new Output(published.Id, published.Version, context.TraceId);
    }
}
