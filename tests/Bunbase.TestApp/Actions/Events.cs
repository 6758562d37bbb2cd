namespace Bunbase.TestApp.Actions;

// Publishing and the event read API, for the event store's HTTP tests.

[Action("publish-event")]
[Post("/events/publish")]
public sealed class PublishEvent : ActionHandler<PublishEvent.Input, PublishedEvent>
{
    public sealed record Input(string Stream, string Type, long? ExpectedVersion = null, Guid? Id = null, bool RollBack = false);

    public override Task<PublishedEvent> RunAsync(Input input, ActionContext context, CancellationToken cancellationToken) =>
        context.Db.TransactionAsync(async _ =>
        {
            var published = await context.Events.PublishAsync(
                input.Stream, input.Type, new { input.Stream, At = "now" }, new EventOptions { ExpectedVersion = input.ExpectedVersion, Id = input.Id }, cancellationToken);
            return input.RollBack ? throw new ConflictException("Rolled back after publishing.", "rolled_back") : published;
        }, cancellationToken: cancellationToken);
}

/// <summary>Readable by anyone.</summary>
[EventCategoryApi("open")]
[AllowAnonymous]
public sealed class OpenEvents;

/// <summary>Readable by auditors only.</summary>
[EventCategoryApi("audit")]
[RequireRole("auditor")]
public sealed class AuditEvents;
