using Microsoft.Extensions.Logging;

namespace Bunbase;

/// <summary>What an action's handler gets besides its input: one instance per invocation.</summary>
/// <remarks>
/// The invocation has one cancellation token, the <c>cancellationToken</c> parameter of
/// <see cref="ActionHandler{TInput, TOutput}.RunAsync"/>: cancelled when the caller goes away or the
/// host shuts down. Every member of the context that takes an optional token (<see cref="Db"/>,
/// <see cref="Kv"/>, <see cref="Queue"/>, <see cref="Events"/>, <see cref="Auth"/>, <see cref="CallAsync{TOutput}"/>) uses
/// that token when it is given none.
/// </remarks>
public abstract class ActionContext
{
    /// <summary>The name of the running action.</summary>
    public abstract string ActionName { get; }

    /// <summary>A logger named for the running action.</summary>
    public abstract ILogger Logger { get; }

    /// <summary>The W3C trace id of this invocation; it also appears in error responses.</summary>
    public abstract string TraceId { get; }

    /// <summary>The application's services, scoped to this invocation.</summary>
    public abstract IServiceProvider Services { get; }

    /// <summary>The key-value store shared by every instance.</summary>
    public abstract IKeyValueStore Kv { get; }

    /// <summary>The database: PostgreSQL when configured (reads routed to replicas), else the embedded SQLite file.</summary>
    public abstract ISqlDatabase Db { get; }

    /// <summary>The job queue: runs actions later, durably, on any instance.</summary>
    public abstract IJobQueue Queue { get; }

    /// <summary>
    /// The event store: appends events to durable streams, inside the open
    /// <c>Db.TransactionAsync(...)</c> when there is one (see <see cref="IEventPublisher"/>).
    /// </summary>
    public abstract IEventPublisher Events { get; }

    /// <summary>
    /// Outbound webhooks: sends an event to the application's registered endpoints, inside the open
    /// <c>Db.TransactionAsync(...)</c> when there is one (see <see cref="IWebhookSender"/>).
    /// </summary>
    public virtual IWebhookSender Webhooks => throw new NotSupportedException("This context does not send webhooks.");

    /// <summary>
    /// Mail: queues a message (checked and rendered now, sent by a job with retries), inside the open
    /// <c>Db.TransactionAsync(...)</c> when there is one (see <see cref="IMailSender"/>).
    /// </summary>
    public virtual IMailSender Mail => throw new NotSupportedException("This context does not send mail.");

    /// <summary>Realtime channels: messages to subscribed clients on every instance (see <see cref="IChannels"/>).</summary>
    /// <exception cref="NotSupportedException">The context has no channels (a seed).</exception>
    public virtual IChannels Channels => throw new NotSupportedException("Realtime channels are not available in this context.");

    /// <summary>Files: objects on the local disk or an S3-compatible bucket, streamed (see <see cref="IFileStorage"/>).</summary>
    /// <exception cref="NotSupportedException">The context has no storage (a seed).</exception>
    public virtual IFileStorage Storage => throw new NotSupportedException("Storage is not available in this context.");

    /// <summary>The job this invocation runs for (attempt, id, cron tick); null outside jobs.</summary>
    public virtual JobInfo? Job => null;

    /// <summary>The event this invocation handles (id, stream, position, delivery attempt); null outside event subscribers.</summary>
    public virtual EventInfo? Event => null;

    /// <summary>
    /// The caller's session (<see cref="IAuth.User"/>), signing in and out, and passwords. A nested
    /// <see cref="CallAsync{TOutput}"/> runs with its caller's session.
    /// </summary>
    public abstract IAuth Auth { get; }

    /// <summary>
    /// Calls the action that takes <paramref name="input"/> in-process, through the same pipeline
    /// (validation, guards, logging). An <see cref="ActionException"/> raised by the callee propagates
    /// unchanged, so its status (404, 409, ...) is what the outer caller sees unless the caller catches it.
    /// </summary>
    /// <example><code>var task = await context.CallAsync(new GetTask.Input(id));</code></example>
    /// <typeparam name="TOutput">The callee's output type, inferred from the input's <see cref="IActionInput{TOutput}"/>.</typeparam>
    /// <param name="input">The callee's input; it is validated like a request's.</param>
    /// <param name="cancellationToken">Defaults to the invocation's token.</param>
    /// <returns>The callee's output.</returns>
    public abstract Task<TOutput> CallAsync<TOutput>(IActionInput<TOutput> input, CancellationToken cancellationToken = default);
}
