namespace Bunbase;

/// <summary>
/// Runs the action for every event of a type (<c>[On("note-created")]</c>) or of a category
/// (<c>[On(Category = "note")]</c>, the streams <c>note-*</c>): the event's data is the action's
/// input. Each event is handled once across every instance, in order within its stream; a failure
/// is retried with backoff, then the event is parked in the dead letters. Declare it several times
/// to take several types or categories; the subscription's name is the action's.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class OnAttribute : Attribute
{
    /// <summary>Subscribes to a category: set <see cref="Category"/>.</summary>
    public OnAttribute()
    {
    }

    /// <summary>Subscribes to events of one type.</summary>
    /// <param name="type">The event type, as published (<c>note-created</c>).</param>
    public OnAttribute(string type) => Type = type;

    /// <summary>The event type to handle.</summary>
    /// <value>The default is none (set <see cref="Category"/> instead).</value>
    public string? Type { get; }

    /// <summary>The category to handle: every event of the streams <c>category-*</c>, whatever its type.</summary>
    /// <value>The default is none (name a type instead).</value>
    public string? Category { get; set; }
}
