using System.ComponentModel.DataAnnotations;

namespace Bunbase.TestApp.Actions;

/// <summary>A recursive input and output: validated at every level, one schema component referring to itself.</summary>
[Action("echo-tree")]
[Post("/tree")]
public sealed class EchoTree : ActionHandler<EchoTree.Node, EchoTree.Node>
{
    public sealed record Node([Required, StringLength(20, MinimumLength = 1)] string Name, IReadOnlyList<Node>? Children);

    public override Task<Node> RunAsync(Node input, ActionContext context, CancellationToken cancellationToken) => Task.FromResult(input);
}
