namespace Bunbase.Testing.Tests.App;

public sealed record MessagePosted(string Text);

/// <summary>Publishes <c>message-posted</c>; <see cref="RecordMessage"/> handles it in the background.</summary>
[Action("post-message")]
[Post("/messages", Status = 202)]
public sealed class PostMessage : ActionHandler<PostMessage.Input, PostMessage.Output>
{
    public sealed record Input(string Text) : IActionInput<Output>;

    public sealed record Output(long Version);

    public override async Task<Output> RunAsync(Input input, ActionContext context, CancellationToken cancellationToken) =>
        new((await context.Events.PublishAsync("message-1", "message-posted", new MessagePosted(input.Text), cancellationToken: cancellationToken)).Version);
}

[Action("record-message")]
[On("message-posted")]
public sealed class RecordMessage : ActionHandler<MessagePosted, NoContent>
{
    public override async Task<NoContent> RunAsync(MessagePosted input, ActionContext context, CancellationToken cancellationToken)
    {
        await context.Db.ExecuteAsync("insert into reminders_sent (text, sent_at) values (@Text, 'event')", new { Text = "seen " + input.Text }, cancellationToken);
        return NoContent.Value;
    }
}

/// <summary>A job-only action that publishes: job, then event, then <see cref="RemindOnAnnouncement"/>, then a job.</summary>
[Action("announce")]
[Job(MaxAttempts = 1)]
public sealed class Announce : ActionHandler<Announce.Input, NoContent>
{
    public sealed record Input(string Text) : IActionInput<NoContent>;

    public override async Task<NoContent> RunAsync(Input input, ActionContext context, CancellationToken cancellationToken)
    {
        await context.Events.PublishAsync("announcement-1", "announced", new MessagePosted(input.Text), cancellationToken: cancellationToken);
        return NoContent.Value;
    }
}

[Action("remind-on-announcement")]
[On("announced")]
public sealed class RemindOnAnnouncement : ActionHandler<MessagePosted, NoContent>
{
    public override async Task<NoContent> RunAsync(MessagePosted input, ActionContext context, CancellationToken cancellationToken)
    {
        await context.Queue.EnqueueAsync(new SendReminder.Input("after " + input.Text), cancellationToken: cancellationToken);
        return NoContent.Value;
    }
}

/// <summary>Always fails (retryably): its events end in the dead letters.</summary>
[Action("fail-always")]
[On("doomed")]
public sealed class FailAlways : ActionHandler<MessagePosted, NoContent>
{
    public override Task<NoContent> RunAsync(MessagePosted input, ActionContext context, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("cannot handle " + input.Text);
}

/// <summary>Never finishes until cancelled (the app's shutdown): what RunUntilIdle cannot wait out.</summary>
[Action("hang")]
[On("stuck")]
public sealed class Hang : ActionHandler<MessagePosted, NoContent>
{
    public override async Task<NoContent> RunAsync(MessagePosted input, ActionContext context, CancellationToken cancellationToken)
    {
        await Task.Delay(TimeSpan.FromMinutes(10), cancellationToken);
        return NoContent.Value;
    }
}
