using System.ComponentModel.DataAnnotations;

namespace Bunbase.TestApp.Actions;

/// <summary>Raises the error its path names.</summary>
[Action("fail")]
[Get("/fail/{kind}")]
[ErrorResponses(400, 401, 403, 404, 409, 429)]
public sealed class Fail : ActionHandler<Fail.Input, Fail.Output>
{
    public sealed record Input(string Kind) : IActionInput<Output>;

    public sealed record Output([Range(0, 10)] int Value);

    public override Task<Output> RunAsync(Input input, ActionContext context, CancellationToken cancellationToken) => input.Kind switch
    {
        "bad-request" => throw new BadRequestException("bad_thing", "That is not acceptable."),
        "unauthorized" => throw new UnauthorizedException(),
        "forbidden" => throw new ForbiddenException(),
        "not-found" => throw new NotFoundException("No such thing.", "thing_not_found"),
        "conflict" => throw new ConflictException("Already there."),
        "too-many" => throw new TooManyRequestsException(TimeSpan.FromSeconds(7.2)),
        "crash" => throw new InvalidOperationException("secret internal detail"),
        "bad-output" => Task.FromResult(new Output(99)),
        // An error quoting what the caller sent, as handlers often do (so the message can be long, and anything).
        var kind when kind.StartsWith("unknown-", StringComparison.Ordinal) => throw new BadRequestException("unknown_kind", $"Unknown kind: {kind}"),
        _ => Task.FromResult(new Output(1)),
    };
}

/// <summary>Calls <see cref="Fail"/> in-process: the callee's error status must reach the client.</summary>
[Action("call-fail")]
[Get("/call/{kind}")]
[ErrorResponses(400, 401, 403, 404, 409, 429)]
public sealed class CallFail : ActionHandler<CallFail.Input, Fail.Output>
{
    public sealed record Input(string Kind);

    public override Task<Fail.Output> RunAsync(Input input, ActionContext context, CancellationToken cancellationToken) =>
        context.CallAsync(new Fail.Input(input.Kind), cancellationToken);
}

/// <summary>Returns an output one of whose properties throws when read with a count of 0 (a handler's bug): serializing it fails.</summary>
[Action("unserializable-output")]
[Get("/unserializable-output")]
public sealed class UnserializableOutput : ActionHandler<UnserializableOutput.Input, UnserializableOutput.Output>
{
    public sealed record Input([Range(0, 10)] int Count = 0);

    public sealed record Output(int Count)
    {
        public int PerItem => 100 / Count;
    }

    public override Task<Output> RunAsync(Input input, ActionContext context, CancellationToken cancellationToken) =>
        Task.FromResult(new Output(input.Count));
}

/// <summary>What the action context offers.</summary>
[Action("context")]
[Get("/context")]
public sealed class ContextInfo(TimeProvider clock) : ActionHandler<ContextInfo.Input, ContextInfo.Output>
{
    public sealed record Input;

    public sealed record Output(string Action, string TraceId, bool HasServices, bool HasLogger, DateTimeOffset Now);

    public override Task<Output> RunAsync(Input input, ActionContext context, CancellationToken cancellationToken) =>
        Task.FromResult(new Output(
            context.ActionName,
            context.TraceId,
            context.Services.GetService(typeof(TimeProvider)) is not null,
            context.Logger is not null,
            clock.GetUtcNow()));
}

/// <summary>Answers after a delay: used to show that shutdown drains in-flight requests.</summary>
[Action("slow")]
[Get("/slow")]
public sealed class Slow : ActionHandler<Slow.Input, Slow.Output>
{
    public sealed record Input([Range(0, 30_000)] int Ms = 1000) : IActionInput<Output>;

    public sealed record Output(int WaitedMs);

    private static int _started;

    /// <summary>How many executions have begun, in this process (tests wait for theirs before hanging up).</summary>
    public static int Started => Volatile.Read(ref _started);

    public override async Task<Output> RunAsync(Input input, ActionContext context, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _started);
        await Task.Delay(input.Ms, cancellationToken);
        return new Output(input.Ms);
    }
}

/// <summary>The example scenario: echo, validated.</summary>
[Action("echo")]
[Post("/echo")]
public sealed class Echo : ActionHandler<Echo.Payload, Echo.Payload>
{
    public sealed record Payload([Required, StringLength(100, MinimumLength = 1)] string Name, [Range(0, 1000)] int Count) : IActionInput<Payload>;

    public override Task<Payload> RunAsync(Payload input, ActionContext context, CancellationToken cancellationToken) => Task.FromResult(input);
}

[Action("hello")]
[Get("/hello")]
public sealed class Hello : ActionHandler<Hello.Input, Hello.Output>
{
    public sealed record Input;

    public sealed record Output(string Message);

    public override Task<Output> RunAsync(Input input, ActionContext context, CancellationToken cancellationToken) =>
        Task.FromResult(new Output("Hello, World!"));
}
