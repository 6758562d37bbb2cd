using System.Text.RegularExpressions;

namespace Bunbase.Runtime.Webhooks;

/// <summary>
/// An endpoint's event types: none (every type), exact types (<c>note.created</c>), or a prefix ending in
/// <c>*</c> (<c>note.*</c>, or <c>*</c>). Stored space-separated.
/// </summary>
internal static partial class WebhookEventFilter
{
    public static bool Matches(string filter, string type)
    {
        if (filter.Length == 0)
            return true;
        foreach (var entry in filter.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (entry.EndsWith('*') ? type.StartsWith(entry[..^1], StringComparison.Ordinal) : string.Equals(entry, type, StringComparison.Ordinal))
                return true;
        }

        return false;
    }

    /// <summary>Whether <paramref name="type"/> is a valid event type (1-200 characters, no spaces or control characters), or, when <paramref name="pattern"/>, a filter entry.</summary>
    public static bool IsValid(string? type, bool pattern = false) =>
        type is not null && TypeText().IsMatch(type) && (pattern || !type.Contains('*', StringComparison.Ordinal)) && (!pattern || type.IndexOf('*', StringComparison.Ordinal) is -1 || type.IndexOf('*', StringComparison.Ordinal) == type.Length - 1);

    [GeneratedRegex(@"^[^\s\p{C}]{1,200}$")]
    private static partial Regex TypeText();
}
