using System.ComponentModel.DataAnnotations;
using Bunbase;

namespace BunbaseApp.Actions;

// Actions without an HTTP trigger run only as jobs: enqueued (ctx.Queue) or on a schedule ([Cron]).

[Action("welcome-user", Description = "Welcomes a new user (enqueued by sign-up)", Tags = ["jobs"])]
[Job(MaxAttempts = 5, Backoff = "10s")]
public sealed class WelcomeUser(TimeProvider clock) : ActionHandler<WelcomeUser.Input, WelcomeUser.Output>
{
    public sealed record Input([Range(1, long.MaxValue)] long UserId) : IActionInput<Output>;

    public sealed record Output;

    public override async Task<Output> RunAsync(Input input, ActionContext context, CancellationToken cancellationToken)
    {
        // Jobs run at least once: the mail is queued in the transaction that marks the user welcomed, once.
        await context.Db.TransactionAsync(async tx =>
        {
            var user = await tx.QuerySingleOrDefaultAsync<Welcomed>(
                "update users set welcomed_at = @now where id = @UserId and welcomed_at is null returning email, name",
                new { input.UserId, now = clock.GetUtcNow() },
                cancellationToken);
            if (user is not null)
                await context.Mail.SendAsync(new MailMessage { To = [user.Email], Template = "welcome", Data = user }, cancellationToken);
        }, cancellationToken: cancellationToken);
        return new Output();
    }

    private sealed record Welcomed(string Email, string Name);
}

[Action("count-notes", Description = "Records how many notes there are, every quarter of an hour", Tags = ["jobs"])]
[Cron("*/15 * * * *")]
public sealed class CountNotes : ActionHandler<CountNotes.Input, CountNotes.Output>
{
    public sealed record Input;

    public sealed record Output;

    public override async Task<Output> RunAsync(Input input, ActionContext context, CancellationToken cancellationToken)
    {
        await context.Db.ExecuteAsync("insert into note_counts (counted_at, notes) select @tick, count(*) from notes", new { tick = context.Job!.CronTick }, cancellationToken);
        return new Output();
    }
}

public sealed record NoteCount(long Notes, DateTimeOffset CountedAt);

[Action("note-stats", Description = "The latest note count (made by the count-notes cron job); 404 before the first", Tags = ["notes"])]
[Get("/notes/stats")]
[ErrorResponses(404)]
public sealed class NoteStats : ActionHandler<NoteStats.Input, NoteCount>
{
    public sealed record Input;

    public override async Task<NoteCount> RunAsync(Input input, ActionContext context, CancellationToken cancellationToken) =>
        await context.Db.QueryFirstOrDefaultAsync<NoteCount>("select notes, counted_at from note_counts order by counted_at desc", cancellationToken: cancellationToken)
        ?? throw new NotFoundException("Notes have not been counted yet.", "not_counted");
}
