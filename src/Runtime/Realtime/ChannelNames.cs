namespace Bunbase.Runtime.Realtime;

/// <summary>
/// What a channel and an event may be called. Channels are 1 to 200 characters of letters, digits and
/// <c>_ - : . @ =</c>, so they fit in URLs, Redis keys and SSE ids without escaping; events are 1 to 100
/// characters without control characters.
/// </summary>
internal static class ChannelNames
{
    public const int MaxChannelLength = 200;
    public const int MaxEventLength = 100;

    /// <summary>Why <paramref name="channel"/> is not a channel name, or null.</summary>
    public static string? ChannelProblem(string? channel)
    {
        if (string.IsNullOrEmpty(channel) || channel.Length > MaxChannelLength)
            return $"A channel name has 1 to {MaxChannelLength} characters.";
        foreach (var c in channel)
        {
            if (!IsChannelChar(c))
                return "A channel name has only letters, digits and _ - : . @ =.";
        }

        return null;
    }

    /// <summary>Why <paramref name="name"/> is not an event name, or null.</summary>
    public static string? EventProblem(string? name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > MaxEventLength)
            return $"An event name has 1 to {MaxEventLength} characters.";
        return name.Any(char.IsControl) ? "An event name has no control characters." : null;
    }

    private static bool IsChannelChar(char c) =>
        c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '_' or '-' or ':' or '.' or '@' or '=';
}
