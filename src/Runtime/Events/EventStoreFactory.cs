using Bunbase.Runtime.Data;

namespace Bunbase.Runtime.Events;

/// <summary>The event store for a database: the one place the host and <c>bunbase events</c> get it from.</summary>
internal static class EventStoreFactory
{
    public static SqlEventStore Create(Database database, TimeProvider clock) => new(database, clock);
}
