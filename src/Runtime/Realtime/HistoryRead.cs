namespace Bunbase.Runtime.Realtime;

/// <summary>A channel's kept messages after an id, whether they are all that came after it, and the channel's latest id.</summary>
/// <param name="Messages">In id order.</param>
/// <param name="Complete">False when messages after the id are no longer kept (or the id is not one of the channel's): the client missed some.</param>
/// <param name="Latest">The last id the shared store has numbered for the channel (null: none kept, a channel new or forgotten).</param>
internal sealed record HistoryRead(IReadOnlyList<RealtimeMessage> Messages, bool Complete, long? Latest)
{
    /// <summary>Decides <see cref="Complete"/> from ids that increase by one: the first kept is the one after <paramref name="afterId"/>, or none came and the channel is at it.</summary>
    public static HistoryRead Of(List<RealtimeMessage> kept, long afterId, long? latest)
    {
        var after = kept.Where(m => m.Id > afterId).OrderBy(m => m.Id).ToList();
        var complete = after.Count > 0 ? after[0].Id == afterId + 1 : latest == afterId;
        return new HistoryRead(after, complete, latest);
    }
}
