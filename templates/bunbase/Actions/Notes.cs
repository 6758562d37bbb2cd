using System.ComponentModel.DataAnnotations;
using Bunbase;

namespace StarterApp1.Actions;

public sealed record Note(long Id, string Text, DateTimeOffset CreatedAt);

[Action("create-note", Description = "Stores a note (table notes: migrations/0001_create_notes.sql)", Tags = ["notes"])]
[Post("/notes", Status = 201)]
public sealed class CreateNote : ActionHandler<CreateNote.Input, Note>
{
    public sealed record Input([Required, StringLength(500, MinimumLength = 1)] string Text) : IActionInput<Note>;

    public override async Task<Note> RunAsync(Input input, ActionContext context, CancellationToken cancellationToken)
    {
        var note = await context.Db.QuerySingleAsync<Note>("insert into notes (text) values (@Text) returning id, text, created_at", input, cancellationToken);
        // The job runs after this request, on any instance, retried if it fails.
        await context.Queue.EnqueueAsync(new NoteCreated.Input(note.Id), cancellationToken: cancellationToken);
        return note;
    }
}

[Action("list-notes", Description = "The newest notes first", Tags = ["notes"])]
[Get("/notes")]
public sealed class ListNotes : ActionHandler<ListNotes.Input, ListNotes.Output>
{
    public sealed record Input([Range(1, 100)] int Limit = 20) : IActionInput<Output>;

    public sealed record Output(IReadOnlyList<Note> Notes);

    public override async Task<Output> RunAsync(Input input, ActionContext context, CancellationToken cancellationToken) =>
        new([.. await context.Db.QueryAsync<Note>("select id, text, created_at from notes order by id desc limit @Limit", input, cancellationToken)]);
}
