using System.ComponentModel.DataAnnotations;

namespace Bunbase.Bench;

[Action("hello", Description = "Scenario hello")]
[Get("/hello")]
public sealed class Hello : ActionHandler<Hello.Input, Hello.Output>
{
    public sealed record Input;

    public sealed record Output(string Message);

    private static readonly Task<Output> Answer = Task.FromResult(new Output("Hello, World!"));

    public override Task<Output> Run(Input input, ActionContext context, CancellationToken cancellationToken) => Answer;
}

[Action("echo", Description = "Scenario echo")]
[Post("/echo")]
public sealed class Echo : ActionHandler<Echo.Payload, Echo.Payload>
{
    public sealed record Payload([Required, StringLength(100, MinimumLength = 1)] string Name, [Range(0, 1000)] int Count);

    public override Task<Payload> Run(Payload input, ActionContext context, CancellationToken cancellationToken) => Task.FromResult(input);
}

/// <summary>hello behind a rate limit high enough never to refuse: measures the limiter's cost.</summary>
[Action("hello-limited", Description = "Scenario hello with a rate limit")]
[Get("/hello-limited")]
[RateLimit(1_000_000_000, Per = "1h")]
public sealed class HelloLimited : ActionHandler<Hello.Input, Hello.Output>
{
    private static readonly Task<Hello.Output> Answer = Task.FromResult(new Hello.Output("Hello, World!"));

    public override Task<Hello.Output> Run(Hello.Input input, ActionContext context, CancellationToken cancellationToken) => Answer;
}
