using System.ComponentModel.DataAnnotations;

namespace Bunbase.Bench;

/// <summary>event-publish: one event appended inside the request's transaction (the outbox path).</summary>
[Action("publish-event", Description = "Scenario event-publish")]
[Post("/events")]
public sealed class PublishEvent : ActionHandler<PublishEvent.Input, PublishEvent.Output>
{
    public sealed record Input([Required, StringLength(200)] string Stream, [Required, StringLength(200)] string Type, int Amount);

    public sealed record Output(Guid Id, long Version);

    public override Task<Output> RunAsync(Input input, ActionContext context, CancellationToken cancellationToken) =>
        context.Db.TransactionAsync(async _ =>
        {
            var published = await context.Events.PublishAsync(input.Stream, input.Type, new { input.Amount }, cancellationToken: cancellationToken);
            return new Output(published.Id, published.Version);
        }, cancellationToken: cancellationToken);
}
