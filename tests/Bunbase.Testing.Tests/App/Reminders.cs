using Microsoft.Extensions.DependencyInjection;

namespace Bunbase.Testing.Tests.App;

[Action("schedule-reminder")]
[Post("/reminders", Status = 202)]
public sealed class ScheduleReminder : ActionHandler<ScheduleReminder.Input, ScheduleReminder.Output>
{
    public sealed record Input(string Text, int DelayMinutes) : IActionInput<Output>;

    public sealed record Output(Guid JobId);

    public override async Task<Output> RunAsync(Input input, ActionContext context, CancellationToken cancellationToken) =>
        new(await context.Queue.EnqueueAsync(new SendReminder.Input(input.Text), new JobOptions { Delay = TimeSpan.FromMinutes(input.DelayMinutes) }, cancellationToken));
}

/// <summary>A job-only action: records that it ran, at the app's clock's time.</summary>
[Action("send-reminder")]
[Job(MaxAttempts = 1)]
public sealed class SendReminder : ActionHandler<SendReminder.Input, NoContent>
{
    public sealed record Input(string Text) : IActionInput<NoContent>;

    public override async Task<NoContent> RunAsync(Input input, ActionContext context, CancellationToken cancellationToken)
    {
        var now = context.Services.GetRequiredService<TimeProvider>().GetUtcNow();
        await context.Db.ExecuteAsync("insert into reminders_sent (text, sent_at) values (@Text, @Now)", new { input.Text, Now = now.ToString("O") }, cancellationToken);
        return NoContent.Value;
    }
}

[Action("list-reminders-sent")]
[Get("/reminders/sent")]
public sealed class ListRemindersSent : ActionHandler<ListRemindersSent.Input, ListRemindersSent.Output>
{
    public sealed record Input : IActionInput<Output>;

    public sealed record Output(IReadOnlyList<string> Texts);

    public override async Task<Output> RunAsync(Input input, ActionContext context, CancellationToken cancellationToken) =>
        new([.. await context.Db.QueryAsync<string>("select text from reminders_sent order by id", null, cancellationToken)]);
}

/// <summary>Hourly: counts its ticks.</summary>
[Action("hourly")]
[Cron("0 * * * *")]
public sealed class Hourly : ActionHandler<Hourly.Input, NoContent>
{
    public sealed record Input;

    public override async Task<NoContent> RunAsync(Input input, ActionContext context, CancellationToken cancellationToken)
    {
        await context.Db.ExecuteAsync("insert into reminders_sent (text, sent_at) values ('hourly', 'tick')", null, cancellationToken);
        return NoContent.Value;
    }
}
