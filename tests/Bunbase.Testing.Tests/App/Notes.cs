using System.ComponentModel.DataAnnotations;

namespace Bunbase.Testing.Tests.App;

public sealed record Note(long Id, string Text);

[Action("create-note")]
[Post("/notes", Status = 201)]
public sealed class CreateNote : ActionHandler<CreateNote.Input, Note>
{
    public sealed record Input([Required, StringLength(100, MinimumLength = 1)] string Text) : IActionInput<Note>;

    public override async Task<Note> RunAsync(Input input, ActionContext context, CancellationToken cancellationToken)
    {
        var note = await context.Db.QuerySingleAsync<Note>("insert into notes (text) values (@Text) returning id, text", input, cancellationToken);
        await context.Queue.EnqueueAsync(new SendReminder.Input($"created {note.Id}"), cancellationToken: cancellationToken);
        return note;
    }
}

[Action("list-notes")]
[Get("/notes")]
public sealed class ListNotes : ActionHandler<ListNotes.Input, ListNotes.Output>
{
    public sealed record Input : IActionInput<Output>;

    public sealed record Output(IReadOnlyList<Note> Notes);

    public override async Task<Output> RunAsync(Input input, ActionContext context, CancellationToken cancellationToken) =>
        new([.. await context.Db.QueryAsync<Note>("select id, text from notes order by id", null, cancellationToken)]);
}

/// <summary>Path, query and header members, answered back (one of them as a response header).</summary>
[Action("echo")]
[Get("/echo/{id:long}")]
public sealed class Echo : ActionHandler<Echo.Input, Echo.Output>
{
    public sealed record Input(long Id, string? Word, [FromHeader("X-Tenant")] string? Tenant, int[]? Pages) : IActionInput<Output>;

    public sealed record Output(long Id, string? Word, string? Tenant, int[]? Pages, [property: ResponseHeader("X-Echoed")] int Count);

    public override Task<Output> RunAsync(Input input, ActionContext context, CancellationToken cancellationToken) =>
        Task.FromResult(new Output(input.Id, input.Word, input.Tenant, input.Pages, input.Pages?.Length ?? 0));
}

/// <summary>An input without <see cref="IActionInput{TOutput}"/>: called by name.</summary>
[Action("add")]
[Post("/add")]
public sealed class Add : ActionHandler<Add.Input, Add.Output>
{
    public sealed record Input(int A, int B);

    public sealed record Output(int Sum);

    public override Task<Output> RunAsync(Input input, ActionContext context, CancellationToken cancellationToken) =>
        Task.FromResult(new Output(input.A + input.B));
}
