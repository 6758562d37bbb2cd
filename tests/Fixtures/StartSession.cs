using System.ComponentModel.DataAnnotations;

namespace Bunbase.Fixtures;

/// <summary>Signs in any user with the roles asked for (a fixture: no password), for the /_admin tests. Linked into each fixture app that needs it.</summary>
[Action("auth-session")]
[Post("/auth/session")]
public sealed class StartSession : ActionHandler<StartSession.Input, StartSession.Output>
{
    public sealed record Input([Required] string UserId, string[]? Roles = null);

    public sealed record Output(string Token);

    public override async Task<Output> RunAsync(Input input, ActionContext context, CancellationToken cancellationToken) =>
        new((await context.Auth.SignInAsync(new SessionUser(input.UserId) { Roles = input.Roles ?? [] }, cancellationToken)).Token);
}
