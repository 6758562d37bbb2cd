using Bunbase.Runtime.Configuration;
using Microsoft.Extensions.Logging;

namespace Bunbase.Runtime.Subscriptions;

/// <summary>
/// One subscription in this instance: a share of its partitions (<see cref="KeepShareAsync"/>) and one
/// reader (<see cref="ReadAsync"/>) that reads the events of the partitions it holds after the lowest of
/// their positions, hands each stream's events to the handler in order (streams in parallel, up to
/// <c>subscriptions.concurrency</c>), and saves positions every <c>subscriptions.checkpointEvery</c>
/// events. Partitions it must give up (an instance joined) are released between batches, after the
/// batch in flight finished and with its position saved: a stream is never handled by two instances at once.
/// </summary>
internal sealed partial class SubscriptionConsumer
{
    private readonly SubscriptionPlan _plan;
    private readonly SubscriptionStore _store;
    private readonly EventRunner _runner;
    private readonly SubscriptionOptions _options;
    private readonly SubscriptionSignals _signals;
    private readonly DeliveryBackoff _backoff;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    private readonly object _gate = new();

    // Partition -> every event of it up to this position is handled here; and what the store holds.
    private readonly Dictionary<int, long> _handled = [];
    private readonly Dictionary<int, long> _saved = [];
    private int _surplus;
    private int _unsaved;
    private volatile bool _claiming = true;
    private long _retriesSeen;
    private long _retriesCheckedAt;

    // The next batch's read, started while the current one is handled (only the reader touches it).
    private PrefetchedRead? _prefetched;

    public SubscriptionConsumer(SubscriptionPlan plan, SubscriptionStore store, EventRunner runner, SubscriptionOptions options, SubscriptionSignals signals, string member, TimeProvider clock, ILogger logger)
    {
        _plan = plan;
        _store = store;
        _runner = runner;
        _options = options;
        _signals = signals;
        _backoff = new DeliveryBackoff(options, Random.Shared.NextDouble);
        _clock = clock;
        _logger = logger;
        Member = member;
        _retriesSeen = signals.Retries;
    }

    public string Member { get; }

    public string Name => _plan.Name;

    private TimeSpan Lease => TimeSpan.FromMilliseconds(_options.LeaseMs);

    private TimeSpan Poll => TimeSpan.FromMilliseconds(_options.PollIntervalMs);

    /// <summary>The partitions held now (for tests and logs).</summary>
    public int[] Owned()
    {
        lock (_gate)
            return [.. _handled.Keys.Order()];
    }

    /// <summary>From now on, no partition is claimed (shutdown); leases held are still kept until released.</summary>
    public void StopClaiming() => _claiming = false;
}
