namespace Bunbase.Runtime.Webhooks;

/// <summary>What an outbound endpoint must be, checked the same way by the admin API and <c>bunbase webhooks add</c>.</summary>
internal static class WebhookEndpointRules
{
    public const int MaxUrlLength = 2_000;

    /// <summary>The first problem (its field and message), or null when the endpoint is acceptable.</summary>
    public static (string Field, string Message)? Check(string? url, IReadOnlyList<string> eventTypes, string? description)
    {
        if (url is null || url.Length > MaxUrlLength || !Uri.TryCreate(url, UriKind.Absolute, out var parsed)
            || parsed.Scheme is not ("http" or "https") || parsed.UserInfo.Length > 0)
            return ("url", $"The field url must be an absolute http or https URL without credentials, at most {MaxUrlLength} characters.");
        if (eventTypes.Count > 100 || eventTypes.Any(t => !WebhookEventFilter.IsValid(t, pattern: true)))
            return ("eventTypes", "The field eventTypes must hold at most 100 event types (or prefixes ending in '*'), each 1 to 200 characters without spaces.");
        if (description is { Length: > 500 })
            return ("description", "The field description must be at most 500 characters.");
        return null;
    }
}
