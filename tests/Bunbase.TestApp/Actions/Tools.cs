using System.ComponentModel.DataAnnotations;

namespace Bunbase.TestApp.Actions;

// Actions served as MCP tools: public, needing a session, needing a role, rate-limited; one with an HTTP route too.

/// <summary>Public: repeats a text; its constraints show in the tool's input schema.</summary>
[Action("tool-echo", Description = "Repeats a text")]
[Tool(Title = "Echo", ReadOnly = true)]
public sealed class ToolEcho : ActionHandler<ToolEcho.Input, ToolEcho.Output>
{
    public sealed record Input([Required, StringLength(20, MinimumLength = 1)] string Text, [Range(1, 5)] int Times = 1, ToolEcho.Style? Style = null);

    public sealed record Style(bool Upper);

    public sealed record Output(string Result, int Length);

    public override Task<Output> RunAsync(Input input, ActionContext context, CancellationToken cancellationToken)
    {
        var text = input.Style?.Upper == true ? input.Text.ToUpperInvariant() : input.Text;
        var result = string.Concat(Enumerable.Repeat(text, input.Times));
        return Task.FromResult(new Output(result, result.Length));
    }
}

/// <summary>Needs a session: answers who the caller is.</summary>
[Action("tool-whoami", Description = "The signed-in user")]
[Tool]
[Authenticated]
public sealed class ToolWhoAmI : ActionHandler<ToolWhoAmI.Input, ToolWhoAmI.Output>
{
    public sealed record Input;

    public sealed record Output(string UserId);

    public override Task<Output> RunAsync(Input input, ActionContext context, CancellationToken cancellationToken) =>
        Task.FromResult(new Output(context.Auth.User!.Id));
}

/// <summary>Needs the admin role.</summary>
[Action("tool-admin", Description = "Admins only")]
[Tool]
[RequireRole("admin")]
public sealed class ToolAdmin : ActionHandler<ToolWhoAmI.Input, ToolWhoAmI.Output>
{
    public override Task<ToolWhoAmI.Output> RunAsync(ToolWhoAmI.Input input, ActionContext context, CancellationToken cancellationToken) =>
        Task.FromResult(new ToolWhoAmI.Output(context.Auth.User!.Id));
}

/// <summary>2 calls per hour per client.</summary>
[Action("tool-limited", Description = "Rate-limited")]
[Tool]
[RateLimit(2, Per = "1h")]
public sealed class ToolLimited : ActionHandler<ToolWhoAmI.Input, Limited.Output>
{
    public override Task<Limited.Output> RunAsync(ToolWhoAmI.Input input, ActionContext context, CancellationToken cancellationToken) =>
        Task.FromResult(new Limited.Output(true));
}

/// <summary>A tool with a route: its path member is one more argument.</summary>
[Action("tool-greet", Description = "Greets someone")]
[Post("/tools/greet/{name}")]
[Tool]
public sealed class ToolGreet : ActionHandler<ToolGreet.Input, ToolGreet.Output>
{
    public sealed record Input(string Name, [Required] string Greeting);

    public sealed record Output(string Message);

    public override Task<Output> RunAsync(Input input, ActionContext context, CancellationToken cancellationToken) =>
        Task.FromResult(new Output($"{input.Greeting}, {input.Name}!"));
}
