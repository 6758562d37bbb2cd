namespace Bunbase.Testing.Tests.App;

[Action("who-am-i")]
[Get("/me")]
[Authenticated]
public sealed class WhoAmI : ActionHandler<WhoAmI.Input, WhoAmI.Output>
{
    public sealed record Input : IActionInput<Output>;

    public sealed record Output(string UserId);

    public override Task<Output> RunAsync(Input input, ActionContext context, CancellationToken cancellationToken) =>
        Task.FromResult(new Output(context.Auth.User!.Id));
}

[Action("admin-stats")]
[Get("/admin/stats")]
[RequireRole("admin")]
public sealed class AdminStats : ActionHandler<AdminStats.Input, AdminStats.Output>
{
    public sealed record Input : IActionInput<Output>;

    public sealed record Output(int Answer);

    public override Task<Output> RunAsync(Input input, ActionContext context, CancellationToken cancellationToken) =>
        Task.FromResult(new Output(42));
}

/// <summary>A counter in ctx.Kv: isolation of the key-value store.</summary>
[Action("bump")]
[Post("/counters/{name}")]
public sealed class Bump : ActionHandler<Bump.Input, Bump.Output>
{
    public sealed record Input(string Name) : IActionInput<Output>;

    public sealed record Output(long Value);

    public override async Task<Output> RunAsync(Input input, ActionContext context, CancellationToken cancellationToken) =>
        new(await context.Kv.IncrementAsync("counter:" + input.Name, cancellationToken: cancellationToken));
}
