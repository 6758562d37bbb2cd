using System.Collections.Concurrent;
using System.Reflection;
using System.Text;

namespace Bunbase.Runtime.Events;

/// <summary>The event type of a payload type: its <see cref="EventTypeAttribute"/>, else its name in kebab case (<c>OrderPlaced</c>: <c>order-placed</c>).</summary>
internal static class EventTypes
{
    private static readonly ConcurrentDictionary<Type, string> Names = new();

    public static string Of(Type dataType) => Names.GetOrAdd(dataType, static type =>
        type.GetCustomAttribute<EventTypeAttribute>()?.Name ?? KebabCase(type.Name));

    private static string KebabCase(string name)
    {
        var tick = name.IndexOf('`', StringComparison.Ordinal);
        if (tick >= 0)
            name = name[..tick];
        var text = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c))
            {
                if (i > 0 && (char.IsLower(name[i - 1]) || (i + 1 < name.Length && char.IsLower(name[i + 1]) && char.IsUpper(name[i - 1]))))
                    text.Append('-');
                text.Append(char.ToLowerInvariant(c));
            }
            else
            {
                text.Append(c);
            }
        }

        return text.ToString();
    }
}
