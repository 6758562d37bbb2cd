namespace Bunbase.Runtime.Subscriptions;

/// <summary>
/// The SQL of <see cref="SubscriptionStore"/> in one dialect. Every statement takes the same parameters:
/// <c>@Subscription</c>, <c>@Member</c> (this instance), <c>@LeaseMs</c>, <c>@Now</c> (the process's
/// clock in milliseconds since the epoch: SQLite's time; PostgreSQL reads the server's, which every
/// instance shares), <c>@Partitions</c> (the count), <c>@Owned</c> (partition numbers).
/// </summary>
internal sealed partial class SubscriptionStatements
{
    /// <summary>The channel a dead letter put back for a retry is announced on (PostgreSQL).</summary>
    public const string RetryChannel = "bunbase_subscriptions";

    /// <summary>Creates the partitions of a subscription seen for the first time; returns how many it has.</summary>
    public required string EnsurePartitions { get; init; }

    /// <summary>Marks this instance alive until a lease from now; returns how many instances are alive (this one included).</summary>
    public required string Heartbeat { get; init; }

    public required string Leave { get; init; }

    /// <summary>Extends the leases this instance holds; returns their partitions.</summary>
    public required string ExtendLeases { get; init; }

    /// <summary>Takes up to <c>@Max</c> partitions nobody holds (or whose lease expired); returns them with their positions.</summary>
    public required string Claim { get; init; }

    /// <summary>Saves one partition's position, only while this instance holds it (<c>@Partition</c>, <c>@Position</c>; PostgreSQL: arrays <c>@Parts</c>, <c>@Positions</c>, returning those saved).</summary>
    public required string Save { get; init; }

    /// <summary>Saves and lets go of partitions (same parameters as <see cref="Save"/>).</summary>
    public required string Release { get; init; }

    /// <summary>The highest position in the store.</summary>
    public required string Head { get; init; }

    /// <summary>The subscription's events after <c>@From</c> in the partitions <c>@Owned</c>, in position order, at most <c>@Limit</c>.</summary>
    public required string Read { get; init; }

    public required string Park { get; init; }

    public required string ListDead { get; init; }

    public required string RetryDead { get; init; }

    public required string SkipDead { get; init; }

    /// <summary>Dead letters put back for a retry, in the partitions <c>@Owned</c>, with their events.</summary>
    public required string TakeRetrying { get; init; }

    public required string ResolveDead { get; init; }

    public required string Partitions { get; init; }

    /// <summary>Wakes every instance after a dead letter was put back; null where there is no one else to tell.</summary>
    public string? NotifyRetry { get; init; }

    /// <summary>Whether a list of positions is saved in one statement from arrays (PostgreSQL) or one row at a time.</summary>
    public required bool SavesArrays { get; init; }

    public static SubscriptionStatements For(DatabaseBackend backend) => backend == DatabaseBackend.PostgreSql ? PostgreSql : Sqlite;
}
