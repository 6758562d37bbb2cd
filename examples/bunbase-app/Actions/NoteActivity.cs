using System.Globalization;
using Bunbase;

namespace BunbaseApp.Actions;

/// <summary>What <c>create-note</c> publishes to the stream <c>note-{id}</c>.</summary>
public sealed record NoteCreated(long Id, string Title);

/// <summary>
/// Counts created notes per day (the day each was published, UTC) from their <c>note-created</c> events.
/// The event's id is kept with the count, in one transaction: an event delivered again (after a crash,
/// before its position was saved) is not counted twice.
/// </summary>
[Action("count-note-activity", Description = "Counts note-created events per day", Tags = ["notes"])]
[On("note-created")]
public sealed class CountNoteActivity : ActionHandler<NoteCreated, NoContent>
{
    public override async Task<NoContent> RunAsync(NoteCreated input, ActionContext context, CancellationToken cancellationToken)
    {
        var handled = context.Event!;
        var day = handled.PublishedAt.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        await context.Db.TransactionAsync(
            async db =>
            {
                var first = await db.ExecuteAsync("insert into note_activity_events (event_id, day) values (@Id, @Day) on conflict do nothing", new { handled.Id, Day = day }, cancellationToken);
                if (first == 1)
                    await db.ExecuteAsync("insert into note_activity (day, handled) values (@Day, 1) on conflict (day) do update set handled = note_activity.handled + 1", new { Day = day }, cancellationToken);
            },
            cancellationToken: cancellationToken);
        return NoContent.Value;
    }
}

/// <summary>Today's date (UTC) and how many notes were created today, as counted by <see cref="CountNoteActivity"/>.</summary>
[Action("note-activity", Description = "Today's date (UTC) and how many note-created events were handled for it", Tags = ["notes"])]
[Get("/notes/activity")]
public sealed class GetNoteActivity : ActionHandler<GetNoteActivity.Input, GetNoteActivity.Output>
{
    public sealed record Input;

    /// <param name="Date">Today, UTC (yyyy-MM-dd).</param>
    /// <param name="Count">Notes created today whose event has been handled.</param>
    public sealed record Output(string Date, long Count);

    public override async Task<Output> RunAsync(Input input, ActionContext context, CancellationToken cancellationToken)
    {
        var today = TimeProvider.System.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var count = await context.Db.ExecuteScalarAsync<long?>("select handled from note_activity where day = @Today", new { Today = today }, cancellationToken);
        return new Output(today, count ?? 0);
    }
}
