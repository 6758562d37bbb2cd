using System.ComponentModel.DataAnnotations;

namespace Bunbase.Bench;

/// <summary>db-read: an indexed SELECT by primary key (ids 1..10,000).</summary>
[Action("get-user", Description = "Scenario db-read")]
[Get("/users/{id}")]
[ErrorResponses(404)]
public sealed class GetUser : ActionHandler<GetUser.Input, GetUser.Output>
{
    public sealed record Input([Range(1, long.MaxValue)] long Id);

    public sealed record Output(long Id, string Name, string Email);

    public override async Task<Output> RunAsync(Input input, ActionContext context, CancellationToken cancellationToken) =>
        await context.Db.QuerySingleOrDefaultAsync<Output>("select id, name, email from users where id = @Id", input, cancellationToken)
        ?? throw new NotFoundException($"There is no user {input.Id}.");
}

/// <summary>db-write: INSERT ... RETURNING.</summary>
[Action("create-note", Description = "Scenario db-write")]
[Post("/notes")]
public sealed class CreateNote : ActionHandler<CreateNote.Input, CreateNote.Output>
{
    public sealed record Input([Required, StringLength(200)] string Title, [Required, StringLength(10_000)] string Body);

    public sealed record Output(long Id);

    public override async Task<Output> RunAsync(Input input, ActionContext context, CancellationToken cancellationToken) =>
        new(await context.Db.ExecuteScalarAsync<long>("insert into notes (title, body) values (@Title, @Body) returning id", input, cancellationToken));
}
