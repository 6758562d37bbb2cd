namespace Bunbase.AccountsApp.Actions;

/// <summary>An action that needs <c>notes:write</c>.</summary>
[Action("write-notes")]
[Post("/notes")]
[RequirePermission("notes:write")]
public sealed class WriteNotes : ActionHandler<WriteNotes.Input, NoContent>
{
    public sealed record Input;

    public override Task<NoContent> RunAsync(Input input, ActionContext context, CancellationToken cancellationToken) => Task.FromResult(NoContent.Value);
}
