using System.ComponentModel.DataAnnotations;

namespace Bunbase.Bench;

[Action("hello", Description = "Scenario hello")]
[Get("/hello")]
public sealed class Hello : ActionHandler<Hello.Input, Hello.Output>
{
    public sealed record Input;

    public sealed record Output(string Message);

    private static readonly Task<Output> Answer = Task.FromResult(new Output("Hello, World!"));

    public override Task<Output> RunAsync(Input input, ActionContext context, CancellationToken cancellationToken) => Answer;
}

[Action("echo", Description = "Scenario echo")]
[Post("/echo")]
public sealed class Echo : ActionHandler<Echo.Payload, Echo.Payload>
{
    public sealed record Payload([Required, StringLength(100, MinimumLength = 1)] string Name, [Range(0, 1000)] int Count);

    public override Task<Payload> RunAsync(Payload input, ActionContext context, CancellationToken cancellationToken) => Task.FromResult(input);
}

/// <summary>hello behind a rate limit high enough never to refuse: measures the limiter's cost.</summary>
[Action("hello-limited", Description = "Scenario hello with a rate limit")]
[Get("/hello-limited")]
[RateLimit(1_000_000_000, Per = "1h")]
public sealed class HelloLimited : ActionHandler<Hello.Input, Hello.Output>
{
    private static readonly Task<Hello.Output> Answer = Task.FromResult(new Hello.Output("Hello, World!"));

    public override Task<Hello.Output> RunAsync(Hello.Input input, ActionContext context, CancellationToken cancellationToken) => Answer;
}

/// <summary>Starts a session for the benchmark's user (the load script sends it as a cookie).</summary>
[Action("session", Description = "Signs in the benchmark user")]
[Post("/session")]
public sealed class StartSession : ActionHandler<StartSession.Input, StartSession.Output>
{
    public sealed record Input;

    public sealed record Output(string Token);

    public override async Task<Output> RunAsync(Input input, ActionContext context, CancellationToken cancellationToken)
    {
        var user = new SessionUser("bench-user") { Roles = ["member"], Claims = new Dictionary<string, string> { ["name"] = "Bench" } };
        return new Output((await context.Auth.SignInAsync(user, cancellationToken)).Token);
    }
}

/// <summary>The signed-in user, behind [Authenticated]: measures a session's cost against <see cref="MeAnonymous"/>.</summary>
[Action("me", Description = "Scenario me: the signed-in user")]
[Get("/me")]
[Authenticated]
public sealed class Me : ActionHandler<Hello.Input, Me.Output>
{
    public sealed record Output(string Id, string Name);

    public override Task<Output> RunAsync(Hello.Input input, ActionContext context, CancellationToken cancellationToken)
    {
        var user = context.Auth.User!;
        return Task.FromResult(new Output(user.Id, user.Claims["name"]));
    }
}

/// <summary>The same action without a session.</summary>
[Action("me-anonymous", Description = "Scenario me without a session")]
[Get("/me-anonymous")]
public sealed class MeAnonymous : ActionHandler<Hello.Input, Me.Output>
{
    public override Task<Me.Output> RunAsync(Hello.Input input, ActionContext context, CancellationToken cancellationToken) =>
        Task.FromResult(new Me.Output(context.Auth.User?.Id ?? "anonymous", "Anonymous"));
}

/// <summary>
/// hello with a known tail: every 200th request (over the server) answers 10 ms late. A distribution the
/// two load tools must report alike (tool-vs-wrk.sh), whatever the machine's own noise.
/// </summary>
[Action("stall", Description = "Scenario stall: every 200th request 10 ms late")]
[Get("/stall")]
public sealed class Stall : ActionHandler<Hello.Input, Hello.Output>
{
    private static long _requests;
    private static readonly Hello.Output Answer = new("Hello, World!");

    public override async Task<Hello.Output> RunAsync(Hello.Input input, ActionContext context, CancellationToken cancellationToken)
    {
        if (Interlocked.Increment(ref _requests) % 200 == 0)
            await Task.Delay(10, cancellationToken);
        return Answer;
    }
}
