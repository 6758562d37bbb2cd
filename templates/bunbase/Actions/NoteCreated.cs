using System.ComponentModel.DataAnnotations;
using Bunbase;
using Microsoft.Extensions.Logging;

namespace StarterApp1.Actions;

// No HTTP trigger: this action runs only as a job (enqueued by create-note).
[Action("note-created", Description = "Runs after a note is stored", Tags = ["jobs"])]
[Job(MaxAttempts = 5, Backoff = "10s")]
public sealed class NoteCreated : ActionHandler<NoteCreated.Input, NoteCreated.Output>
{
    public sealed record Input([Range(1, long.MaxValue)] long NoteId) : IActionInput<Output>;

    public sealed record Output;

    public override Task<Output> RunAsync(Input input, ActionContext context, CancellationToken cancellationToken)
    {
        context.Logger.LogInformation("Note {NoteId} was created", input.NoteId);
        return Task.FromResult(new Output());
    }
}
