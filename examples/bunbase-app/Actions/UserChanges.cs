using System.Text.Json;
using Bunbase;

namespace BunbaseApp.Actions;

// Events from database changes: a trigger (migration 0010) writes every change to users into the
// user_changes outbox, whoever made it; this cron action publishes the rows as events on the
// user-{id} streams and deletes them, in one transaction. The row's id is the event's id, so a row
// published twice (a crash after publishing, two overlapping runs) is stored once.

[Action("publish-user-changes", Description = "Publishes changes to users (from the user_changes outbox) as events, every minute", Tags = ["jobs"])]
[Cron("* * * * *")]
public sealed class PublishUserChanges : ActionHandler<PublishUserChanges.Input, PublishUserChanges.Output>
{
    private const int Batch = 500;

    public sealed record Input : IActionInput<Output>;

    /// <param name="Published">Rows published as new events (rows already published count as duplicates).</param>
    /// <param name="Duplicates">Rows whose event had been stored before.</param>
    public sealed record Output(int Published, int Duplicates);

    public override Task<Output> RunAsync(Input input, ActionContext context, CancellationToken cancellationToken) =>
        context.Db.TransactionAsync(async db =>
        {
            var rows = await db.QueryAsync<UserChange>(
                "select id, user_id, operation, data from user_changes order by seq limit @Batch", new { Batch }, cancellationToken);
            var published = 0;
            foreach (var row in rows)
            {
                using var data = JsonDocument.Parse(row.Data);
                var result = await context.Events.PublishAsync(
                    $"user-{row.UserId}", EventType(row.Operation), data.RootElement, new EventOptions { Id = Guid.Parse(row.Id) }, cancellationToken);
                published += result.Duplicate ? 0 : 1;
                await db.ExecuteAsync("delete from user_changes where id = @Id", new { row.Id }, cancellationToken);
            }

            return new Output(published, rows.Count - published);
        }, cancellationToken: cancellationToken);

    private static string EventType(string operation) => operation switch
    {
        "insert" => "user-created",
        "update" => "user-updated",
        _ => "user-deleted",
    };

    private sealed record UserChange(string Id, long UserId, string Operation, string Data);
}

/// <summary>The user-{id} streams over HTTP (<c>GET /_events/streams/user-1</c>), for admins.</summary>
[EventCategoryApi("user")]
[RequireRole("admin")]
public sealed class UserEvents;
