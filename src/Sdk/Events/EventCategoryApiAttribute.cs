namespace Bunbase;

/// <summary>
/// Opens one event category to reading over HTTP, behind this class's guards
/// (<see cref="AuthenticatedAttribute"/>, <see cref="RequireRoleAttribute"/>,
/// <see cref="RequirePermissionAttribute"/>, assembly-level ones included; or
/// <see cref="AllowAnonymousAttribute"/> to make it public, which must be said explicitly):
/// <c>GET /_events/categories/{category}?from=&amp;limit=</c>,
/// <c>GET /_events/streams/{stream}?from=&amp;limit=</c> and <c>GET /_events/streams/{stream}/last</c>
/// for the streams of the category. Categories without such a class answer 404.
/// </summary>
/// <example><code>
/// [EventCategoryApi("order")]
/// [RequireRole("support")]
/// public sealed class OrderEvents;
/// </code></example>
/// <param name="category">The category (the text before the first <c>-</c> of its streams' names).</param>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class EventCategoryApiAttribute(string category) : Attribute
{
    /// <summary>The category.</summary>
    public string Category { get; } = category;
}
