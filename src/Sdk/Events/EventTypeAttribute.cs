namespace Bunbase;

/// <summary>The event type a payload record is published as by <see cref="IEventPublisher.PublishAsync{TData}"/>.</summary>
/// <example><code>[EventType("order-placed")] public sealed record OrderPlaced(Guid Id, decimal Total);</code></example>
/// <param name="name">The event type.</param>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct, Inherited = false)]
public sealed class EventTypeAttribute(string name) : Attribute
{
    /// <summary>The event type.</summary>
    public string Name { get; } = name;
}
