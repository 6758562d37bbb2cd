namespace Bunbase.Runtime.Tests.Clients.Samples.Billing;

/// <summary>Named like <see cref="Orders.Place"/>: the client names of their inputs and outputs collide.</summary>
[Action("settle-billing")] // after orders-place by action name, before it by full type name
[Post("/billing")]
public sealed class Place : ActionHandler<Place.Input, Place.Output>
{
    public sealed record Input(string Note);

    public sealed record Output(BunbaseError Error);

    public override Task<Output> RunAsync(Input input, ActionContext context, CancellationToken cancellationToken) =>
        Task.FromResult(new Output(new BunbaseError(input.Note)));
}

/// <summary>Named like the TypeScript client's error class.</summary>
public sealed record BunbaseError(string Message);
