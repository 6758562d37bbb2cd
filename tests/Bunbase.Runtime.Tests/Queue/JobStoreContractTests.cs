using Bunbase.Runtime.Configuration;
using Bunbase.Runtime.Data;
using Bunbase.Runtime.Queue;
using Bunbase.Runtime.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bunbase.Runtime.Tests.Queue;

/// <summary>The job store's contract, on PostgreSQL and on the embedded SQLite file.</summary>
public abstract class JobStoreContractTests : IAsyncLifetime
{
    private static readonly string[] Actions = ["work", "other"];
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);

    private protected Database Database { get; private set; } = null!;

    private protected IJobStore Store { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Database = await CreateDatabaseAsync();
        Store = CreateStore(Database);
        await Store.EnsureSchemaAsync(CancellationToken.None);
        await Store.EnsureSchemaAsync(CancellationToken.None); // idempotent
    }

    public virtual async Task DisposeAsync() => await Database.DisposeAsync();

    private protected abstract Task<Database> CreateDatabaseAsync();

    private protected abstract IJobStore CreateStore(Database database);

    private protected static NewJob Job(string action = "work", int priority = 0, double delayMs = 0, DateTimeOffset? runAt = null, int maxAttempts = 3, string? key = null, string queue = "default") =>
        new(Guid.CreateVersion7(), queue, action, "{}", priority, runAt, delayMs, maxAttempts, null, key, 60_000);

    private Task<IReadOnlyList<ClaimedJob>> ClaimAsync(string owner = "a", int max = 10, TimeSpan? lease = null) =>
        Store.ClaimAsync("default", Actions, max, owner, lease ?? Lease, CancellationToken.None);

    [Fact]
    public async Task Claimed_jobs_are_leased_to_one_worker_and_gone_once_completed()
    {
        var id = await Store.EnqueueAsync(Job(), null, CancellationToken.None);

        var first = await ClaimAsync("a");
        var second = await ClaimAsync("b");
        await Store.CompleteAsync([id], "a", CancellationToken.None);

        var claimed = Assert.Single(first);
        Assert.Equal((id, 1, 3), (claimed.Id, claimed.Attempt, claimed.MaxAttempts));
        Assert.Empty(second);
        Assert.Empty(await ClaimAsync("c"));
        Assert.Empty(await Store.DepthAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Claims_take_the_highest_priority_first_and_only_known_actions_of_the_queue()
    {
        await Store.EnqueueAsync(Job(priority: 1), null, CancellationToken.None);
        var high = await Store.EnqueueAsync(Job(priority: 9), null, CancellationToken.None);
        await Store.EnqueueAsync(Job(action: "unknown"), null, CancellationToken.None);
        await Store.EnqueueAsync(Job(queue: "emails"), null, CancellationToken.None);

        var claimed = await ClaimAsync(max: 1);

        Assert.Equal(high, Assert.Single(claimed).Id);
        Assert.Single(await ClaimAsync());
        Assert.Empty(await ClaimAsync());
    }

    [Fact]
    public async Task A_run_at_time_is_read_on_the_apps_clock_even_when_it_differs_from_the_servers()
    {
        // The app's clock an hour ahead of the database server's (an instance's clock off, or a test's moved).
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow.AddHours(1));
        var store = JobStoreFactory.Create(Database, clock);
        var now = await store.EnqueueAsync(Job(runAt: clock.GetUtcNow()), null, CancellationToken.None);
        await store.EnqueueAsync(Job(runAt: clock.GetUtcNow().AddMinutes(30)), null, CancellationToken.None);

        var claimed = await store.ClaimAsync("default", Actions, 10, "a", Lease, CancellationToken.None);

        Assert.Equal(now, Assert.Single(claimed).Id);
    }

    [Fact]
    public async Task A_delayed_job_is_not_claimed_before_it_is_due()
    {
        // A delay no busy machine outruns between the enqueue and the claim, yet short enough to wait for.
        await Store.EnqueueAsync(Job(delayMs: 3_000), null, CancellationToken.None);
        await Store.EnqueueAsync(Job(runAt: DateTimeOffset.UtcNow.AddHours(1)), null, CancellationToken.None);

        Assert.Empty(await ClaimAsync());
        var wait = await Store.NextDueInAsync("default", Actions, CancellationToken.None);
        Assert.NotNull(wait);
        Assert.True(wait <= TimeSpan.FromSeconds(3), $"next due in {wait}");
        await Eventually.TrueAsync(async () => (await ClaimAsync()).Count == 1, "the delayed job to be due");
    }

    [Fact]
    public async Task A_failed_job_is_due_again_after_its_delay_and_dead_without_one()
    {
        var id = await Store.EnqueueAsync(Job(), null, CancellationToken.None);
        await ClaimAsync("a");

        await Store.FailAsync(id, "a", "boom", TimeSpan.FromSeconds(3), CancellationToken.None);
        Assert.Empty(await ClaimAsync("b"));
        await Eventually.TrueAsync(async () => (await ClaimAsync("b")).Count == 1, "the retry to be due");
        await Store.FailAsync(id, "b", "boom again", null, CancellationToken.None);

        var dead = Assert.Single(await Store.ListDeadAsync(null, 10, CancellationToken.None));
        Assert.Equal((id, "work", 2, "boom again"), (dead.Id, dead.Action, dead.Attempts, dead.LastError));
    }

    [Fact]
    public async Task Only_the_lease_owner_can_complete_or_fail_a_job()
    {
        var id = await Store.EnqueueAsync(Job(), null, CancellationToken.None);
        await ClaimAsync("a");

        await Store.CompleteAsync([id], "intruder", CancellationToken.None);
        await Store.FailAsync(id, "intruder", "nope", null, CancellationToken.None);

        Assert.Equal([id], await Store.ExtendLeasesAsync([id], "a", Lease, CancellationToken.None));
        Assert.Empty(await Store.ExtendLeasesAsync([id], "intruder", Lease, CancellationToken.None));
        Assert.Empty(await Store.ListDeadAsync(null, 10, CancellationToken.None));
    }

    [Fact]
    public async Task An_expired_lease_makes_the_job_claimable_again_and_dead_when_out_of_attempts()
    {
        var retried = await Store.EnqueueAsync(Job(maxAttempts: 2), null, CancellationToken.None);
        var spent = await Store.EnqueueAsync(Job(maxAttempts: 1), null, CancellationToken.None);
        Assert.Equal(2, (await ClaimAsync("crashed", lease: TimeSpan.FromMilliseconds(200))).Count);

        IReadOnlyList<ReapedJob> reaped = [];
        await Eventually.TrueAsync(async () => (reaped = await Store.ReapExpiredLeasesAsync(CancellationToken.None)).Count > 0, "the leases to expire");

        var again = Assert.Single(await ClaimAsync("survivor"));
        Assert.Equal((retried, 2), (again.Id, again.Attempt));
        var dead = Assert.Single(await Store.ListDeadAsync(null, 10, CancellationToken.None));
        Assert.Equal(spent, dead.Id);
        Assert.Contains("stopped answering (its lease expired)", dead.LastError, StringComparison.Ordinal);
        Assert.Equal([new ReapedJob("default", "work", false), new ReapedJob("default", "work", true)], reaped.OrderBy(r => r.Dead));
    }

    [Fact]
    public async Task A_heartbeat_keeps_a_running_job_from_being_reaped()
    {
        var id = await Store.EnqueueAsync(Job(), null, CancellationToken.None);
        // Held for 5 s on a 3 s lease; each beat comes with 2 s to spare, so a slow machine cannot miss one.
        await ClaimAsync("a", lease: TimeSpan.FromSeconds(3));

        for (var i = 0; i < 5; i++)
        {
            await Task.Delay(1_000);
            Assert.Equal([id], await Store.ExtendLeasesAsync([id], "a", TimeSpan.FromSeconds(3), CancellationToken.None));
            Assert.Empty(await Store.ReapExpiredLeasesAsync(CancellationToken.None));
        }
    }

    [Fact]
    public async Task Released_jobs_are_due_at_once_without_counting_the_interrupted_attempt()
    {
        var id = await Store.EnqueueAsync(Job(), null, CancellationToken.None);
        await ClaimAsync("stopping");

        await Store.ReleaseAsync([id], "stopping", CancellationToken.None);

        Assert.Equal(1, Assert.Single(await ClaimAsync("other")).Attempt);
    }

    [Fact]
    public async Task An_idempotency_key_returns_the_first_job()
    {
        var first = await Store.EnqueueAsync(Job(key: "k1"), null, CancellationToken.None);
        var second = await Store.EnqueueAsync(Job(key: "k1"), null, CancellationToken.None);
        var other = await Store.EnqueueAsync(Job(key: "k2"), null, CancellationToken.None);

        Assert.Equal(first, second);
        Assert.NotEqual(first, other);
        Assert.Equal(2, (await ClaimAsync()).Count);
    }

    [Fact]
    public async Task A_job_enqueued_in_a_rolled_back_transaction_is_not_there()
    {
        var session = Database.CreateSession(CancellationToken.None);
        await Assert.ThrowsAsync<InvalidOperationException>(() => session.TransactionAsync(async _ =>
        {
            await Store.EnqueueAsync(Job(), session.CurrentTransaction, CancellationToken.None);
            await Store.EnqueueAsync(Job(key: "in-tx"), session.CurrentTransaction, CancellationToken.None);
            throw new InvalidOperationException("roll back");
        }));

        Assert.Empty(await ClaimAsync());
        var again = await Store.EnqueueAsync(Job(key: "in-tx"), null, CancellationToken.None);
        Assert.Equal(again, Assert.Single(await ClaimAsync()).Id);
    }

    [Fact]
    public async Task Jobs_for_unknown_actions_are_buried_after_the_grace_period()
    {
        var id = await Store.EnqueueAsync(Job(action: "gone"), null, CancellationToken.None);

        Assert.Empty(await Store.BuryUnknownActionsAsync(Actions, TimeSpan.FromHours(1), CancellationToken.None));
        Assert.Equal(new ReapedJob("default", "gone", true), Assert.Single(await Store.BuryUnknownActionsAsync(Actions, TimeSpan.Zero, CancellationToken.None)));

        var dead = Assert.Single(await Store.ListDeadAsync("gone", 10, CancellationToken.None));
        Assert.Equal(id, dead.Id);
        Assert.StartsWith("no instance runs action 'gone' (renamed or removed?)", dead.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dead_jobs_can_be_retried_with_fresh_attempts_or_purged()
    {
        var a = await Store.EnqueueAsync(Job(), null, CancellationToken.None);
        var b = await Store.EnqueueAsync(Job(action: "other"), null, CancellationToken.None);
        await ClaimAsync("w");
        await Store.FailAsync(a, "w", "x", null, CancellationToken.None);
        await Store.FailAsync(b, "w", "y", null, CancellationToken.None);

        Assert.Equal(1, await Store.RetryDeadAsync(a, null, CancellationToken.None));
        Assert.Equal(1, await Store.PurgeDeadAsync(null, "other", CancellationToken.None));

        Assert.Empty(await Store.ListDeadAsync(null, 10, CancellationToken.None));
        var retried = Assert.Single(await ClaimAsync());
        Assert.Equal((a, 1), (retried.Id, retried.Attempt));
    }

    [Fact]
    public async Task A_cron_tick_is_recorded_once_however_many_instances_try()
    {
        var tick = new DateTimeOffset(2020, 1, 1, 12, 0, 0, TimeSpan.Zero);

        var results = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => Task.Run(() =>
            Store.RecordCronTickAsync("work", tick, Job(runAt: tick) with { CronTick = tick }, CancellationToken.None))));

        Assert.Single(results, won => won);
        var job = Assert.Single(await ClaimAsync());
        Assert.Equal(tick, job.CronTick);
    }

    [Fact]
    public async Task Depth_counts_pending_jobs_by_queue_and_priority()
    {
        await Store.EnqueueAsync(Job(priority: 1), null, CancellationToken.None);
        await Store.EnqueueAsync(Job(priority: 1), null, CancellationToken.None);
        await Store.EnqueueAsync(Job(queue: "emails"), null, CancellationToken.None);

        var depth = await Store.DepthAsync(CancellationToken.None);

        Assert.Equal(2, depth.Single(d => d is { Queue: "default", Priority: 1 }).Pending);
        Assert.Equal(1, depth.Single(d => d.Queue == "emails").Pending);
    }
}

public sealed class PostgresJobStoreTests : JobStoreContractTests
{
    private TestDatabase _testDatabase = null!;

    private protected override async Task<Database> CreateDatabaseAsync()
    {
        _testDatabase = await TestDatabase.CreateAsync();
        return DatabaseFactory.Create(new BunbaseOptions { Name = "jobs", Database = { Url = _testDatabase.Url } }, Path.GetTempPath(), NullLoggerFactory.Instance);
    }

    private protected override IJobStore CreateStore(Database database) => JobStoreFactory.Create(database, TimeProvider.System);

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await _testDatabase.DisposeAsync();
    }
}

public sealed class SqliteJobStoreTests : JobStoreContractTests
{
    private EmbeddedDatabase _embedded = null!;

    private protected override async Task<Database> CreateDatabaseAsync()
    {
        _embedded = await EmbeddedDatabase.CreateAsync();
        return _embedded.Database;
    }

    private protected override IJobStore CreateStore(Database database) => JobStoreFactory.Create(database, TimeProvider.System);

    public override async Task DisposeAsync() => await _embedded.DisposeAsync();
}
