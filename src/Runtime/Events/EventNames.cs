namespace Bunbase.Runtime.Events;

/// <summary>
/// What a stream, category and event type may be: 1 to <see cref="MaxLength"/> characters without
/// control characters (they break logs, terminals and URLs); a stream does not start with <c>-</c>,
/// so its category (the text before the first <c>-</c>, or the whole name) is never empty.
/// </summary>
internal static class EventNames
{
    public const int MaxLength = 200;

    /// <summary>Why <paramref name="stream"/> is not a stream name, or null when it is.</summary>
    public static string? StreamProblem(string? stream) =>
        Problem(stream, "stream") ?? (stream![0] == '-' ? "A stream name cannot start with '-' (its category would be empty)." : null);

    /// <summary>Why <paramref name="category"/> is not a category name, or null when it is.</summary>
    public static string? CategoryProblem(string? category) =>
        Problem(category, "category") ?? (category!.Contains('-', StringComparison.Ordinal) ? "A category name has no '-'." : null);

    /// <summary>Why <paramref name="type"/> is not an event type, or null when it is.</summary>
    public static string? TypeProblem(string? type) => Problem(type, "event type");

    /// <summary>The category of a valid stream: <c>order</c> for <c>order-42</c> and for <c>order</c>.</summary>
    public static string CategoryOf(string stream)
    {
        var dash = stream.IndexOf('-', StringComparison.Ordinal);
        return dash < 0 ? stream : stream[..dash];
    }

    private static string? Problem(string? name, string what)
    {
        if (string.IsNullOrEmpty(name))
            return $"A {what} name is required.";
        if (name.Length > MaxLength)
            return $"A {what} name is at most {MaxLength} characters; this one has {name.Length}.";
        var rest = name.AsSpan();
        while (!rest.IsEmpty)
        {
            // Control characters break logs, terminals and URLs; an unpaired surrogate is not text PostgreSQL stores.
            if (System.Text.Rune.DecodeFromUtf16(rest, out var rune, out var used) != System.Buffers.OperationStatus.Done || System.Text.Rune.IsControl(rune))
                return $"A {what} name cannot hold control characters or unpaired surrogates.";
            rest = rest[used..];
        }

        return null;
    }
}
