using System.ComponentModel.DataAnnotations;
using Bunbase;

namespace TestKit.Bench;

public sealed record Note(long Id, string Text);

[Action("create-note")]
[Post("/notes", Status = 201)]
public sealed class CreateNote : ActionHandler<CreateNote.Input, Note>
{
    public sealed record Input([Required, StringLength(100, MinimumLength = 1)] string Text) : IActionInput<Note>;

    public override Task<Note> RunAsync(Input input, ActionContext context, CancellationToken cancellationToken) =>
        context.Db.QuerySingleAsync<Note>("insert into notes (text) values (@Text) returning id, text", input, cancellationToken);
}

[Action("get-note")]
[Get("/notes/{id:long}")]
public sealed class GetNote : ActionHandler<GetNote.Input, Note>
{
    public sealed record Input(long Id) : IActionInput<Note>;

    public override async Task<Note> RunAsync(Input input, ActionContext context, CancellationToken cancellationToken) =>
        await context.Db.QuerySingleOrDefaultAsync<Note>("select id, text from notes where id = @Id", input, cancellationToken)
            ?? throw new ActionException(404, "note_not_found", "No such note");
}
