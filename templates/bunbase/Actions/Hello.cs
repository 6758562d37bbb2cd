using Bunbase;

namespace StarterApp1.Actions;

[Action("hello", Description = "Says hello")]
[Get("/hello")]
public sealed class Hello : ActionHandler<Hello.Input, Hello.Output>
{
    public sealed record Input(string? Name) : IActionInput<Output>;

    public sealed record Output(string Message);

    public override Task<Output> RunAsync(Input input, ActionContext context, CancellationToken cancellationToken) =>
        Task.FromResult(new Output($"Hello, {input.Name ?? "World"}!"));
}
