using Bunbase;

namespace BunbaseApp.Actions;

/// <summary>
/// The live notes feed: every created note is published to the <c>notes</c> channel, which anyone may
/// follow (<c>GET /_realtime/sse?channel=notes</c>, or a WebSocket at <c>/_realtime/ws</c>).
/// </summary>
[Channel(Channel)]
[AllowAnonymous]
public sealed class NotesFeed
{
    public const string Channel = "notes";
}
