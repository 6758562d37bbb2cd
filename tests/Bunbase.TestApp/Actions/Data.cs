namespace Bunbase.TestApp.Actions;

// Actions that say which server answered them (pg_is_in_recovery() is true only on a standby), for
// the read-replica tests. They expect a table `probes (id bigint identity, note text)`.

public sealed record WhereOutput(bool Standby);

[Action("db-where")]
[Get("/db/where")]
public sealed class DbWhere : ActionHandler<DbWhere.Input, WhereOutput>
{
    public sealed record Input : IActionInput<WhereOutput>;

    public override async Task<WhereOutput> RunAsync(Input input, ActionContext context, CancellationToken cancellationToken) =>
        new(await context.Db.QuerySingleAsync<bool>("select pg_is_in_recovery()", cancellationToken: cancellationToken));
}

[Action("db-where-primary")]
[Get("/db/where-primary")]
public sealed class DbWherePrimary : ActionHandler<DbWherePrimary.Input, WhereOutput>
{
    public sealed record Input;

    public override async Task<WhereOutput> RunAsync(Input input, ActionContext context, CancellationToken cancellationToken) =>
        new(await context.Db.Primary.QuerySingleAsync<bool>("select pg_is_in_recovery()", cancellationToken: cancellationToken));
}

[Action("db-write-then-read")]
[Post("/db/write-then-read")]
public sealed class DbWriteThenRead : ActionHandler<DbWriteThenRead.Input, DbWriteThenRead.Output>
{
    public sealed record Input(string Note) : IActionInput<Output>;

    public sealed record Output(long Id, bool Found, bool ReadOnStandby);

    public override async Task<Output> RunAsync(Input input, ActionContext context, CancellationToken cancellationToken)
    {
        var id = await context.Db.ExecuteScalarAsync<long>("insert into probes (note) values (@Note) returning id", input, cancellationToken);
        var found = await context.Db.QuerySingleOrDefaultAsync<string>("select note from probes where id = @id", new { id }, cancellationToken) == input.Note;
        return new Output(id, found, await context.Db.QuerySingleAsync<bool>("select pg_is_in_recovery()", cancellationToken: cancellationToken));
    }
}

[Action("db-write-then-call")]
[Post("/db/write-then-call")]
public sealed class DbWriteThenCall : ActionHandler<DbWriteThenCall.Input, WhereOutput>
{
    public sealed record Input(string Note);

    // A nested call shares the caller's session: having written, its reads go to the primary too.
    public override async Task<WhereOutput> RunAsync(Input input, ActionContext context, CancellationToken cancellationToken)
    {
        await context.Db.ExecuteAsync("insert into probes (note) values (@Note)", input, cancellationToken);
        return await context.CallAsync(new DbWhere.Input(), cancellationToken);
    }
}

[Action("db-sleep")]
[Get("/db/sleep")]
public sealed class DbSleep : ActionHandler<DbSleep.Input, DbSleep.Output>
{
    /// <summary>A statement that runs for <c>Ms</c> milliseconds, tagged so tests can find it in <c>pg_stat_activity</c>.</summary>
    public sealed record Input(int Ms);

    public sealed record Output(bool Slept);

    public override async Task<Output> RunAsync(Input input, ActionContext context, CancellationToken cancellationToken) =>
        new(await context.Db.QuerySingleAsync<bool>("select true /* db-sleep */ from pg_sleep(@Seconds)", new { Seconds = input.Ms / 1000.0 }, cancellationToken));
}
