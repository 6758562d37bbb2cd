using System.ComponentModel.DataAnnotations;
using Bunbase;

namespace BunbaseApp.Actions;

[Action("echo", Description = "Returns what it was sent, once it is valid", Tags = ["examples"])]
[Post("/echo")]
public sealed class Echo : ActionHandler<Echo.Payload, Echo.Payload>
{
    public sealed record Payload(
        [Required, StringLength(100, MinimumLength = 1)] string Name,
        [Range(0, 1000)] int Count);

    public override Task<Payload> RunAsync(Payload input, ActionContext context, CancellationToken cancellationToken) =>
        Task.FromResult(input);
}
