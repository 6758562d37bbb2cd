namespace Bunbase.Runtime.Events;

/// <summary>
/// Which unnumbered events one sequencer pass numbers, and in what order. Candidates come in
/// <c>(tx, seq)</c> order; transaction ids can invert two writers of one stream (the later id may
/// lock the stream and commit first), so an event is taken only if its predecessor in the stream
/// is numbered already or taken in this pass, and each stream's events fill that stream's slots
/// in version order.
/// </summary>
internal sealed record SequencingOrder(long[] Seqs, string[] Streams, long[] Versions)
{
    public static SequencingOrder Of(IReadOnlyList<(long Seq, string Stream, long Version, long SequencedVersion)> candidates)
    {
        var byStream = new Dictionary<string, List<(long Seq, long Version)>>(StringComparer.Ordinal);
        var sequenced = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var c in candidates)
        {
            if (!byStream.TryGetValue(c.Stream, out var list))
            {
                byStream[c.Stream] = list = [];
                sequenced[c.Stream] = c.SequencedVersion;
            }

            list.Add((c.Seq, c.Version));
        }

        // Per stream: the unbroken run of versions after the last numbered one, in version order.
        var taken = new Dictionary<string, Queue<(long Seq, long Version)>>(StringComparer.Ordinal);
        var takenSeqs = new HashSet<long>();
        foreach (var (stream, list) in byStream)
        {
            list.Sort((a, b) => a.Version.CompareTo(b.Version));
            var run = new Queue<(long Seq, long Version)>();
            var next = sequenced[stream] + 1;
            foreach (var item in list)
            {
                if (item.Version != next)
                    break;
                run.Enqueue(item);
                takenSeqs.Add(item.Seq);
                next++;
            }

            taken[stream] = run;
        }

        var count = takenSeqs.Count;
        var seqs = new long[count];
        var lastVersions = new Dictionary<string, long>(StringComparer.Ordinal);
        var slot = 0;
        foreach (var c in candidates)
        {
            // This candidate's slot goes to its stream's next taken event (it may be another one of the stream).
            if (!takenSeqs.Contains(c.Seq))
                continue;
            var (seq, version) = taken[c.Stream].Dequeue();
            seqs[slot++] = seq;
            lastVersions[c.Stream] = version;
        }

        return new SequencingOrder(seqs, [.. lastVersions.Keys], [.. lastVersions.Values]);
    }
}
