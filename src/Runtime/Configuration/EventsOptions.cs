using System.ComponentModel.DataAnnotations;

namespace Bunbase.Runtime.Configuration;

/// <summary>The event store (<c>events.*</c>).</summary>
public sealed class EventsOptions
{
    /// <summary>
    /// How often this instance's sequencer looks for committed events to number without being woken,
    /// in milliseconds (PostgreSQL only). A publish in this process wakes it at once; this is the
    /// backstop for events written by other instances or programs.
    /// </summary>
    /// <value>The default is 200.</value>
    [Range(10, 60_000)]
    public int SequencerPollMs { get; set; } = 200;

    /// <summary>The most events one sequencer pass numbers.</summary>
    /// <value>The default is 5,000.</value>
    [Range(1, 100_000)]
    public int SequencerBatchSize { get; set; } = 5_000;
}
