using Bunbase;

namespace BunbaseApp.Actions;

[Action("hello", Description = "Says hello", Tags = ["examples"])]
[Get("/hello")]
public sealed class Hello : ActionHandler<Hello.Input, Hello.Output>
{
    public sealed record Input;

    public sealed record Output(string Message);

    public override Task<Output> RunAsync(Input input, ActionContext context, CancellationToken cancellationToken) =>
        Task.FromResult(new Output("Hello, World!"));
}
