namespace Bunbase.AccountsApp.Actions;

/// <summary>An action only a caller holding <c>notes:read</c> may run (a session of a role that gives it, or an API key scoped to it).</summary>
[Action("read-notes")]
[Get("/notes")]
[RequirePermission("notes:read")]
public sealed class ReadNotes : ActionHandler<ReadNotes.Input, ReadNotes.Output>
{
    public sealed record Input;

    public sealed record Output(string UserId, string SessionId);

    public override Task<Output> RunAsync(Input input, ActionContext context, CancellationToken cancellationToken) =>
        Task.FromResult(new Output(context.Auth.User!.Id, context.Auth.Session!.Id));
}
