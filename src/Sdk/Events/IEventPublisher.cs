namespace Bunbase;

/// <summary>
/// <c>ctx.Events</c>: appends events to durable streams. A stream is named <c>category-id</c>
/// (<c>order-42</c>; the category is the text before the first <c>-</c>); each event gets the
/// stream's next version (1, 2, 3 ...) and, once its transaction has committed, a global position.
/// Inside <c>ctx.Db.TransactionAsync(...)</c> the event is written in that transaction (an outbox:
/// it exists if and only if the transaction commits); outside, in a short transaction of its own.
/// </summary>
public interface IEventPublisher
{
#pragma warning disable RS0026 // Two overloads with optional parameters from the start: the type argument tells them apart.
    /// <summary>Appends one event to <paramref name="stream"/>.</summary>
    /// <example><code>
    /// var published = await context.Events.PublishAsync(
    ///     $"order-{order.Id}", "order-placed", new { order.Id, order.Total },
    ///     new EventOptions { ExpectedVersion = 0 });
    /// </code></example>
    /// <param name="stream">The stream: 1 to 200 characters, no control characters, not starting with <c>-</c>.</param>
    /// <param name="type">The event's type (<c>order-placed</c>): 1 to 200 characters, no control characters.</param>
    /// <param name="data">The payload, stored as JSON with the same options as request bodies.</param>
    /// <param name="options">Expected version, event id, correlation and causation ids, metadata.</param>
    /// <param name="cancellationToken">Defaults to the invocation's token.</param>
    /// <returns>The event's id, stream and version; <see cref="PublishedEvent.Duplicate"/> when its id was already stored.</returns>
    /// <exception cref="ArgumentException">The stream, type or a metadata key is not acceptable.</exception>
    /// <exception cref="EventVersionConflictException">The stream is not at <see cref="EventOptions.ExpectedVersion"/> (409 <c>event_version_conflict</c>).</exception>
    Task<PublishedEvent> PublishAsync(string stream, string type, object data, EventOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Appends one event whose type is the <see cref="EventTypeAttribute"/> of <typeparamref name="TData"/>,
    /// else the type's name in kebab case (<c>OrderPlaced</c> is <c>order-placed</c>).
    /// </summary>
    /// <example><code>await context.Events.PublishAsync($"order-{id}", new OrderPlaced(id, total));</code></example>
    /// <typeparam name="TData">The payload's type.</typeparam>
    /// <param name="stream">The stream (see <see cref="PublishAsync(string, string, object, EventOptions?, CancellationToken)"/>).</param>
    /// <param name="data">The payload.</param>
    /// <param name="options">Expected version, event id, correlation and causation ids, metadata.</param>
    /// <param name="cancellationToken">Defaults to the invocation's token.</param>
    /// <returns>The event's id, stream and version.</returns>
    Task<PublishedEvent> PublishAsync<TData>(string stream, TData data, EventOptions? options = null, CancellationToken cancellationToken = default)
        where TData : notnull;
#pragma warning restore RS0026
}
