namespace Bunbase.Runtime.Tests.Discovery;

/// <summary>Inputs that name their action (<see cref="IActionInput{TOutput}"/>), good and bad, handed to discovery one set at a time.</summary>
public static class InputSamples
{
    public sealed record Widget(int Id);

    public sealed record Other(string Name);

    /// <summary>Names its action and that action's output.</summary>
    public sealed record FindInput(int Id) : IActionInput<Widget>;

    /// <summary>Names an output its action does not answer.</summary>
    public sealed record WrongOutputInput(int Id) : IActionInput<Other>;

    /// <summary>Implements <see cref="IActionInput{TOutput}"/> but no action takes it.</summary>
    public sealed record OrphanInput(int Id) : IActionInput<Widget>;

    /// <summary>Enqueue-only: names its action without an output.</summary>
    public sealed record JobInput(int Id) : IActionInput;

    /// <summary>Shared by two actions, and names neither: allowed.</summary>
    public sealed record PlainInput(int Id);

    public abstract class Returns<TInput> : ActionHandler<TInput, Widget>
        where TInput : notnull
    {
        public override Task<Widget> RunAsync(TInput input, ActionContext context, CancellationToken cancellationToken) => Task.FromResult(new Widget(1));
    }

    [Action("find")]
    public sealed class Find : Returns<FindInput>;

    [Action("find-again")]
    public sealed class FindAgain : Returns<FindInput>;

    [Action("wrong-output")]
    public sealed class WrongOutput : Returns<WrongOutputInput>;

    [Action("job")]
    public sealed class Job : Returns<JobInput>;

    [Action("plain-one")]
    public sealed class PlainOne : Returns<PlainInput>;

    [Action("plain-two")]
    public sealed class PlainTwo : Returns<PlainInput>;

    [Action("quiet")]
    [Delete("/quiet/{id}")]
    public sealed class Quiet : ActionHandler<PlainInput, NoContent>
    {
        public override Task<NoContent> RunAsync(PlainInput input, ActionContext context, CancellationToken cancellationToken) => Task.FromResult(NoContent.Value);
    }

    [Action("accepted")]
    [Post("/accepted", Status = 202)]
    public sealed class Accepted : ActionHandler<JobInput, NoContent>
    {
        public override Task<NoContent> RunAsync(JobInput input, ActionContext context, CancellationToken cancellationToken) => Task.FromResult(NoContent.Value);
    }
}
