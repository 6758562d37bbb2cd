using System.Text.Json;
using Bunbase.Runtime.Events;
using Bunbase.Runtime.Subscriptions;

namespace Bunbase.Testing;

/// <summary>
/// The app's event store in a test: publish as an action would, read a stream, list the dead letters.
/// Subscribers run in the background; <see cref="TestJobs.RunUntilIdleAsync"/> waits until they have handled everything.
/// </summary>
public sealed class TestEvents
{
    private const int Page = 1_000;
    private readonly Func<EventPublisher> _publisher;
    private readonly Func<SubscriptionStore> _subscriptions;

    internal TestEvents(Func<EventPublisher> publisher, Func<SubscriptionStore> subscriptions)
    {
        _publisher = publisher;
        _subscriptions = subscriptions;
    }

    /// <summary>Publishes an event as <c>ctx.Events.PublishAsync</c> does, outside any action and transaction; subscribers handle it in the background.</summary>
    /// <param name="stream">The stream (<c>category-id</c>).</param>
    /// <param name="type">The event type.</param>
    /// <param name="data">The data, serialised as the app serialises bodies.</param>
    /// <param name="options">Expected version, id, metadata.</param>
    /// <param name="cancellationToken">Cancels the publish.</param>
    /// <returns>The stored event's id, stream and version.</returns>
    public Task<PublishedEvent> PublishAsync(string stream, string type, object data, EventOptions? options = null, CancellationToken cancellationToken = default) =>
        _publisher().PublishAsync(stream, type, data, options, cause: null, traceId: null, transaction: null, cancellationToken);

    /// <summary>Every event of a stream, in version order (those not numbered yet included).</summary>
    /// <param name="stream">The stream.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    public async Task<IReadOnlyList<TestEvent>> ReadStreamAsync(string stream, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var store = _publisher().Store;
        var events = new List<TestEvent>();
        while (true)
        {
            var page = await store.ReadStreamAsync(stream, events.Count + 1, Page, cancellationToken).ConfigureAwait(false);
            events.AddRange(page.Select(e => new TestEvent(
                e.GlobalPosition,
                e.Id,
                e.Stream,
                e.Version,
                e.Type,
                JsonDocument.Parse(e.Data).RootElement.Clone(),
                JsonSerializer.Deserialize<Dictionary<string, string>>(e.Metadata) ?? [],
                e.CreatedAt)));
            if (page.Count < Page)
                return events;
        }
    }

    /// <summary>The events subscriptions gave up on, newest first (up to 1,000).</summary>
    /// <param name="subscription">One subscription (the <c>[On]</c> action's name), or every one when null.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    public async Task<IReadOnlyList<TestDeadLetter>> DeadLettersAsync(string? subscription = null, CancellationToken cancellationToken = default)
    {
        var dead = await _subscriptions().ListDeadAsync(subscription, Page, cancellationToken).ConfigureAwait(false);
        return [.. dead.Select(d => new TestDeadLetter(d.Id, d.Subscription, d.EventId, d.GlobalPosition, d.Stream, d.Type, d.Error, d.Attempts, d.Status, d.DiedAt))];
    }
}
