namespace Bunbase;

/// <summary>
/// Opens realtime channels to clients (<c>GET /_realtime/sse</c>, <c>GET /_realtime/ws</c>), behind this
/// class's guards, written as for actions: <see cref="AuthenticatedAttribute"/>,
/// <see cref="RequireRoleAttribute"/>, <see cref="RequirePermissionAttribute"/> (assembly-level ones
/// included), or <see cref="AllowAnonymousAttribute"/>, which must be said explicitly. When the class
/// derives from <see cref="ChannelGuard"/>, its check runs too, with the channel's name. Channels
/// without such a class cannot be subscribed to (actions may still publish to them).
/// </summary>
/// <example><code>
/// [Channel("room:*", ClientPublish = true, Presence = true)]
/// [Authenticated]
/// public sealed class RoomChannels(ISqlDatabase db) : ChannelGuard { ... }
/// </code></example>
/// <param name="pattern">A channel name, or a prefix ending in <c>*</c> (<c>room:*</c> opens <c>room:1</c>, <c>room:lobby</c>).</param>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class ChannelAttribute(string pattern) : Attribute
{
    /// <summary>The channel name, or a prefix ending in <c>*</c>. The longest matching pattern decides.</summary>
    public string Pattern { get; } = pattern;

    /// <summary>Whether clients may publish to the channels over WebSocket (the guards apply to publishing too).</summary>
    /// <value>The default is <see langword="false"/>: only actions publish (<c>ctx.Channels.PublishAsync</c>).</value>
    public bool ClientPublish { get; set; }

    /// <summary>Whether subscribers are tracked as members: join and leave events, the member list and count.</summary>
    /// <value>The default is <see langword="false"/>.</value>
    public bool Presence { get; set; }
}
