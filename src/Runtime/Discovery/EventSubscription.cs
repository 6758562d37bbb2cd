using System.Collections.Immutable;
using System.Reflection;
using System.Text.RegularExpressions;

namespace Bunbase.Runtime.Discovery;

/// <summary>
/// What an action subscribes to (<c>[On]</c>): event types and categories. The subscription's name is
/// the action's. Bad declarations are start-up errors: an empty or malformed type or category, and an
/// input the event's data cannot fill (a required member read from outside the JSON body).
/// </summary>
internal sealed partial class EventSubscription
{
    private EventSubscription(ImmutableArray<string> types, ImmutableArray<string> categories)
    {
        Types = types;
        Categories = categories;
    }

    /// <summary>The event types handled (ordinal, as published).</summary>
    public ImmutableArray<string> Types { get; }

    /// <summary>The categories handled: every event of their streams.</summary>
    public ImmutableArray<string> Categories { get; }

    /// <summary>The action's subscription, or null when it declares no <c>[On]</c>.</summary>
    public static EventSubscription? For(Type handlerType, InputModel input, List<string> errors, string location)
    {
        var declared = handlerType.GetCustomAttributes<OnAttribute>(inherit: false).ToList();
        if (declared.Count == 0)
            return null;

        var before = errors.Count;
        var types = new SortedSet<string>(StringComparer.Ordinal);
        var categories = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var on in declared)
        {
            if (on.Type is null == on.Category is null)
            {
                errors.Add($"{location}: [On] needs exactly one of an event type ([On(\"note-created\")]) or a category ([On(Category = \"note\")])");
                continue;
            }

            if (on.Type is { } type && !TypeName().IsMatch(type))
                errors.Add($"{location}: [On(\"{type}\")] event type must be 1-200 characters without spaces or control characters");
            else if (on.Type is not null)
                types.Add(on.Type);

            if (on.Category is { } category && !CategoryName().IsMatch(category))
                errors.Add($"{location}: [On(Category = \"{category}\")] must be 1-100 letters, digits, '_' or '.' (a category is the text of a stream name before its first '-')");
            else if (on.Category is not null)
                categories.Add(on.Category);
        }

        var outside = input.Members.Where(m => m.Source != BindingSource.Body && m.IsRequired).Select(m => m.Property.Name).ToList();
        if (outside.Count > 0)
            errors.Add($"{location}: an [On] action's input is the event's data (a JSON object), but {string.Join(", ", outside)} {(outside.Count == 1 ? "is" : "are")} required from outside the body");

        return errors.Count > before ? null : new EventSubscription([.. types], [.. categories]);
    }

    [GeneratedRegex(@"^[^\s\p{C}]{1,200}$")]
    private static partial Regex TypeName();

    [GeneratedRegex("^[A-Za-z0-9_.]{1,100}$")]
    private static partial Regex CategoryName();
}
