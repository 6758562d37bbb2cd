namespace Bunbase.Runtime.Tests.Clients.Samples.Orders;

/// <summary>Named like <see cref="Billing.Place"/>: the client names of their inputs and outputs collide.</summary>
[Action("orders-place")]
[Post("/orders/{id}")]
public sealed class Place : ActionHandler<Place.Input, Place.Output>
{
    public sealed record Input(
        long Id,
        [FromQuery("dry-run")] bool DryRun,
        [FromHeader("X-Tenant")] string? Tenant,
        [FromCookie("pref")] string? Preference,
        string Note);

    public sealed record Output(string Note, [ResponseHeader("Location")] string Location);

    public override Task<Output> RunAsync(Input input, ActionContext context, CancellationToken cancellationToken) =>
        Task.FromResult(new Output(input.Note, $"/orders/{input.Id}"));
}
