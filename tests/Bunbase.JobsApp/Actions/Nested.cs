using System.ComponentModel.DataAnnotations;

namespace Bunbase.JobsApp.Actions;

/// <summary>
/// A request that calls another action in-process and enqueues a job, all in one trace: an HTTP run, a nested
/// <c>call</c> run and a <c>job</c> run (the Studio's trace timeline). <c>Password</c> is redacted in the run log.
/// </summary>
[Action("nested")]
[Post("/nested")]
public sealed class Nested : ActionHandler<Nested.Input, EnqueueOutput>
{
    public sealed record Input([Required] string Key, string? Password = null, string? BlockedUntil = null);

    public override async Task<EnqueueOutput> RunAsync(Input input, ActionContext context, CancellationToken cancellationToken)
    {
        await context.CallAsync(new DbPing.Input(), cancellationToken);
        var id = await context.Queue.EnqueueAsync(new Record.Input(input.Key, NonRetryable: input.BlockedUntil is not null, BlockedUntil: input.BlockedUntil), cancellationToken: cancellationToken);
        return new EnqueueOutput(id, context.TraceId);
    }
}
