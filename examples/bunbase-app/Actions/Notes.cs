using System.ComponentModel.DataAnnotations;
using Bunbase;

namespace BunbaseApp.Actions;

public sealed record Note(long Id, string Title, string Body, DateTimeOffset CreatedAt);

[Action("create-note", Description = "Stores a note", Tags = ["notes"])]
[Post("/notes", Status = 201)]
public sealed class CreateNote : ActionHandler<CreateNote.Input, CreateNote.Output>
{
    public sealed record Input(
        [Required, StringLength(200, MinimumLength = 1)] string Title,
        [Required, StringLength(10_000)] string Body) : IActionInput<Output>;

    public sealed record Output(long Id, [ResponseHeader("Location")] string Location);

    public override async Task<Output> RunAsync(Input input, ActionContext context, CancellationToken cancellationToken)
    {
        var output = await context.Db.TransactionAsync(
            async db =>
            {
                // Values travel as parameters: a title like "'); drop table notes; --" is stored as written.
                var id = await db.ExecuteScalarAsync<long>("insert into notes (title, body) values (@Title, @Body) returning id", input, cancellationToken);

                // In the note's transaction: the event exists if and only if the note does.
                await context.Events.PublishAsync($"note-{id}", "note-created", new NoteCreated(id, input.Title), cancellationToken: cancellationToken);

                // And to every webhook endpoint registered for note.created (bunbase webhooks add URL --event note.created), sent if and only if the note is stored.
                await context.Webhooks.SendAsync("note.created", new { id, input.Title }, cancellationToken);
                return new Output(id, $"/notes/{id}");
            },
            cancellationToken: cancellationToken);

        // The live feed (NotesFeed), after the commit: a channel message is not transactional, so no
        // client ever sees a note that was rolled back.
        await context.Channels.PublishAsync(NotesFeed.Channel, "note-created", new { output.Id, input.Title }, cancellationToken);
        return output;
    }
}

[Action("get-note", Description = "Finds a note by id; 404 when there is none", Tags = ["notes"])]
[Get("/notes/{id}")]
[ErrorResponses(404)]
public sealed class GetNote : ActionHandler<GetNote.Input, Note>
{
    public sealed record Input([Range(1, long.MaxValue)] long Id);

    public override async Task<Note> RunAsync(Input input, ActionContext context, CancellationToken cancellationToken) =>
        await context.Db.QuerySingleOrDefaultAsync<Note>("select id, title, body, created_at from notes where id = @Id", input, cancellationToken)
        ?? throw new NotFoundException($"There is no note {input.Id}.", "note_not_found");
}
