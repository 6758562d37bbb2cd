using System.Text.Json;
using Bunbase.Runtime.Configuration;
using Bunbase.Runtime.Data;
using Bunbase.Runtime.Events;
using Bunbase.Runtime.Json;
using Bunbase.Runtime.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bunbase.Runtime.Tests.Events;

/// <summary>Publishing and reading, on PostgreSQL and on the embedded SQLite file.</summary>
public abstract class EventStoreContractTests : IAsyncLifetime
{
    private protected Database Database { get; private set; } = null!;

    private protected IEventStore Store { get; private set; } = null!;

    private protected EventPublisher Publisher { get; private set; } = null!;

    private protected EventSignals Signals { get; } = new(TimeProvider.System);

    public async Task InitializeAsync()
    {
        Database = await CreateDatabaseAsync();
        Store = EventStoreFactory.Create(Database, TimeProvider.System);
        await Store.EnsureSchemaAsync(CancellationToken.None);
        await Store.EnsureSchemaAsync(CancellationToken.None); // idempotent
        Publisher = new EventPublisher(Store, Signals, EventPublisher.DataOptions(new JsonContracts().Options));
    }

    public virtual async Task DisposeAsync() => await Database.DisposeAsync();

    private protected abstract Task<Database> CreateDatabaseAsync();

    private protected Task<PublishedEvent> PublishAsync(string stream, string type = "happened", object? data = null, EventOptions? options = null, DatabaseTransaction? transaction = null) =>
        Publisher.PublishAsync(stream, type, data ?? new { At = 1 }, options, cause: null, traceId: "0af7651916cd43dd8448eb211c80319c", transaction, CancellationToken.None);

    /// <summary>
    /// Numbers everything committed (PostgreSQL's sequencer; nothing to do on the embedded file). On a
    /// shared server another session's open transaction holds numbering back until it ends: waited for, bounded.
    /// </summary>
    private protected async Task SequenceAllAsync()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            var pass = await Store.SequenceAsync(1_000, CancellationToken.None);
            if (pass.Highest is not null)
                continue;
            if (!pass.LockBusy && await UnsequencedAsync(Database) == 0)
                return;
            await Task.Delay(20);
        }

        throw new TimeoutException("Committed events were still unnumbered after 60 s.");
    }

    /// <summary>Committed events without a position.</summary>
    internal static Task<long> UnsequencedAsync(Database database) =>
        database.OnPrimaryAsync(c => Dapper.SqlMapper.ExecuteScalarAsync<long>(c, "select count(*) from bunbase_events where global_position is null"), CancellationToken.None);

    /// <summary>Publishes inside a transaction of a fresh session, then commits or (throwing) rolls back.</summary>
    private protected async Task<PublishedEvent?> PublishInTransactionAsync(string stream, bool commit, EventOptions? options = null)
    {
        var session = Database.CreateSession(CancellationToken.None);
        PublishedEvent? published = null;
        try
        {
            await session.TransactionAsync(async tx =>
            {
                await tx.ExecuteAsync("create table if not exists outbox_probe (id integer)");
                await tx.ExecuteAsync("insert into outbox_probe (id) values (1)");
                published = await PublishAsync(stream, options: options, transaction: session.CurrentTransaction);
                if (!commit)
                    throw new InvalidOperationException("roll back");
                return 0;
            });
        }
        catch (InvalidOperationException) when (!commit)
        {
        }

        return published;
    }

    [Fact]
    public async Task Versions_count_per_stream_and_positions_follow_commits()
    {
        await PublishAsync("order-1");
        await PublishAsync("order-2");
        var third = await PublishAsync("order-1", "shipped");
        await PublishAsync("invoice-1");
        await SequenceAllAsync();

        var orders = await Store.ReadCategoryAsync("order", 0, 100, CancellationToken.None);
        var all = await Store.ReadCategoryAsync(null, 0, 100, CancellationToken.None);
        var stream = await Store.ReadStreamAsync("order-1", 1, 100, CancellationToken.None);
        var last = await Store.ReadLastAsync("order-1", CancellationToken.None);

        Assert.Equal(("order-1", 2L, false), (third.Stream, third.Version, third.Duplicate));
        Assert.Equal([("order-1", 1L), ("order-2", 1L), ("order-1", 2L)], orders.Select(e => (e.Stream, e.Version)));
        Assert.Equal(4, all.Count);
        Assert.Equal(all.Select(e => e.GlobalPosition).Order(), all.Select(e => e.GlobalPosition));
        Assert.All(all, e => Assert.NotNull(e.GlobalPosition));
        Assert.Equal([1L, 2L], stream.Select(e => e.Version));
        Assert.Equal(("shipped", third.Id, "order"), (last!.Type, last.Id, last.Category));
        Assert.Equal(StreamPartition.Of("order-1"), last.PartitionKey);
        Assert.Null(await Store.ReadLastAsync("order-404", CancellationToken.None));
    }

    [Fact]
    public async Task Reads_page_by_version_and_by_position()
    {
        for (var i = 0; i < 5; i++)
            await PublishAsync("cart-1", data: new { I = i });
        await SequenceAllAsync();

        var firstPage = await Store.ReadCategoryAsync("cart", 0, 2, CancellationToken.None);
        var secondPage = await Store.ReadCategoryAsync("cart", firstPage[^1].GlobalPosition!.Value, 2, CancellationToken.None);
        var fromThree = await Store.ReadStreamAsync("cart-1", 3, 2, CancellationToken.None);

        Assert.Equal([1L, 2L], firstPage.Select(e => e.Version));
        Assert.Equal([3L, 4L], secondPage.Select(e => e.Version));
        Assert.Equal([3L, 4L], fromThree.Select(e => e.Version));
        Assert.Equal(2, JsonDocument.Parse(fromThree[0].Data).RootElement.GetProperty("i").GetInt32());
    }

    [Fact]
    public async Task A_rolled_back_transaction_leaves_no_event_and_a_committed_one_does()
    {
        await PublishInTransactionAsync("account-1", commit: false);
        var committed = await PublishInTransactionAsync("account-2", commit: true);
        await SequenceAllAsync();

        var events = await Store.ReadCategoryAsync("account", 0, 100, CancellationToken.None);
        Assert.Equal(committed!.Id, Assert.Single(events).Id);
        Assert.Empty(await Store.ReadStreamAsync("account-1", 1, 10, CancellationToken.None));
        Assert.DoesNotContain(await Store.ListStreamsAsync(null, 100, CancellationToken.None), s => s.Stream == "account-1");

        // The rolled-back version is free again: the next publish to that stream is version 1.
        Assert.Equal(1, (await PublishAsync("account-1")).Version);
    }

    [Fact]
    public async Task A_wrong_expected_version_is_a_typed_conflict_and_writes_nothing()
    {
        var created = await PublishAsync("user-1", options: new EventOptions { ExpectedVersion = 0 });
        var again = await Assert.ThrowsAsync<EventVersionConflictException>(() => PublishAsync("user-1", options: new EventOptions { ExpectedVersion = 0 }));
        var stale = await Assert.ThrowsAsync<EventVersionConflictException>(() => PublishAsync("user-1", options: new EventOptions { ExpectedVersion = 5 }));
        var missing = await Assert.ThrowsAsync<EventVersionConflictException>(() => PublishAsync("user-2", options: new EventOptions { ExpectedVersion = 1 }));
        var next = await PublishAsync("user-1", options: new EventOptions { ExpectedVersion = 1 });

        Assert.Equal(1, created.Version);
        Assert.Equal((0L, 1L, 409, "event_version_conflict"), (again.ExpectedVersion, again.ActualVersion, again.Status, again.Code));
        Assert.Equal((5L, 1L), (stale.ExpectedVersion, stale.ActualVersion));
        Assert.Equal((1L, 0L), (missing.ExpectedVersion, missing.ActualVersion));
        Assert.Equal(2, next.Version);
        Assert.Equal([1L, 2L], (await Store.ReadStreamAsync("user-1", 1, 10, CancellationToken.None)).Select(e => e.Version));
        Assert.Empty(await Store.ReadStreamAsync("user-2", 1, 10, CancellationToken.None));
    }

    [Fact]
    public async Task A_conflict_inside_a_transaction_leaves_the_transaction_usable()
    {
        await PublishAsync("seat-1");
        var session = Database.CreateSession(CancellationToken.None);

        var version = await session.TransactionAsync(async tx =>
        {
            await Assert.ThrowsAsync<EventVersionConflictException>(() => PublishAsync("seat-1", options: new EventOptions { ExpectedVersion = 0 }, transaction: session.CurrentTransaction));
            return (await PublishAsync("seat-1", options: new EventOptions { ExpectedVersion = 1 }, transaction: session.CurrentTransaction)).Version;
        });

        Assert.Equal(2, version);
    }

    [Fact]
    public async Task The_same_id_twice_is_stored_once_and_reported_as_a_duplicate()
    {
        var id = Guid.NewGuid();
        var first = await PublishAsync("payment-1", options: new EventOptions { Id = id });
        var second = await PublishAsync("payment-1", options: new EventOptions { Id = id, ExpectedVersion = 0 });
        var elsewhere = await PublishAsync("payment-2", options: new EventOptions { Id = id });

        Assert.Equal((id, "payment-1", 1L, false), (first.Id, first.Stream, first.Version, first.Duplicate));
        Assert.Equal(first with { Duplicate = true }, second);
        Assert.Equal(first with { Duplicate = true }, elsewhere);
        Assert.Single(await Store.ReadStreamAsync("payment-1", 1, 10, CancellationToken.None));
        Assert.Empty(await Store.ReadStreamAsync("payment-2", 1, 10, CancellationToken.None));
    }

    [Fact]
    public async Task Racing_publishes_of_one_id_store_it_once()
    {
        var id = Guid.NewGuid();
        var racers = Enumerable.Range(0, 8).Select(i => Task.Run(() => PublishAsync(i % 2 == 0 ? "race-1" : $"race-{i}", options: new EventOptions { Id = id })));

        var results = await Task.WhenAll(racers);

        var winner = Assert.Single(results, r => !r.Duplicate);
        Assert.All(results, r => Assert.Equal((winner.Id, winner.Stream, winner.Version), (r.Id, r.Stream, r.Version)));
        await SequenceAllAsync();
        var stored = await Store.ReadCategoryAsync("race", 0, 100, CancellationToken.None);
        Assert.Equal(id, Assert.Single(stored).Id);
        // The losers gave their versions back: no stream is left with a version it has no event for.
        foreach (var summary in await Store.ListStreamsAsync("race", 100, CancellationToken.None))
            Assert.Equal(summary.Version, (await Store.ReadLastAsync(summary.Stream, CancellationToken.None))?.Version);
    }

    [Fact]
    public async Task Racing_publishes_expecting_a_new_stream_let_exactly_one_through()
    {
        var racers = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            try
            {
                return (await PublishAsync("ticket-1", options: new EventOptions { ExpectedVersion = 0 })).Version;
            }
            catch (EventVersionConflictException)
            {
                return -1;
            }
        }));

        var versions = await Task.WhenAll(racers);

        Assert.Equal(1, versions.Count(v => v == 1));
        Assert.Equal(7, versions.Count(v => v == -1));
    }

    [Fact]
    public async Task Metadata_carries_correlation_causation_trace_and_the_callers_keys()
    {
        var cause = new EventCause(Guid.NewGuid(), "corr-from-cause");
        await Publisher.PublishAsync("mail-1", "sent", new { }, new EventOptions { Metadata = new Dictionary<string, string> { ["tenant"] = "t1" } }, cause, "trace-1", null, CancellationToken.None);
        await Publisher.PublishAsync("mail-1", "sent", new { }, new EventOptions { CorrelationId = "mine" }, null, "trace-2", null, CancellationToken.None);

        var events = await Store.ReadStreamAsync("mail-1", 1, 10, CancellationToken.None);

        var first = JsonDocument.Parse(events[0].Metadata).RootElement;
        var second = JsonDocument.Parse(events[1].Metadata).RootElement;
        Assert.Equal("corr-from-cause", first.GetProperty("correlationId").GetString());
        Assert.Equal(cause.Id.ToString("D"), first.GetProperty("causationId").GetString());
        Assert.Equal("t1", first.GetProperty("tenant").GetString());
        Assert.Equal("mine", second.GetProperty("correlationId").GetString());
        Assert.False(second.TryGetProperty("causationId", out _));
    }

    [Theory]
    [InlineData("", "t")]
    [InlineData("-x", "t")]
    [InlineData("a\nb", "t")]
    [InlineData("a\0b", "t")]
    [InlineData("ok-1", "")]
    [InlineData("ok-1", "bad\u0007type")]
    public async Task Bad_names_are_refused_before_anything_is_written(string stream, string type)
    {
        var error = await Assert.ThrowsAsync<InvalidEventException>(() => PublishAsync(stream, type));

        Assert.NotEmpty(error.Message);
        Assert.Empty(await Store.ListStreamsAsync(null, 10, CancellationToken.None));
    }

    [Fact]
    public async Task A_name_over_the_limit_is_refused()
    {
        await Assert.ThrowsAsync<InvalidEventException>(() => PublishAsync("a" + new string('x', EventNames.MaxLength)));
        await Assert.ThrowsAsync<InvalidEventException>(() => PublishAsync("ok-1", options: new EventOptions { Metadata = new Dictionary<string, string> { ["traceparent"] = "x" } }));
    }

    [Fact]
    public async Task Streams_are_listed_with_version_and_category()
    {
        await PublishAsync("list-1");
        await PublishAsync("list-1");
        await PublishAsync("other");

        var streams = await Store.ListStreamsAsync(null, 10, CancellationToken.None);
        var lists = await Store.ListStreamsAsync("list", 10, CancellationToken.None);

        Assert.Equal(2, streams.Count);
        Assert.Equal(("list-1", "list", 2L), (lists[0].Stream, lists[0].Category, lists[0].Version));
        Assert.Equal("other", streams.Single(s => s.Stream == "other").Category);
    }
}

public sealed class PostgresEventStoreTests : EventStoreContractTests
{
    private TestDatabase _testDatabase = null!;

    private protected override async Task<Database> CreateDatabaseAsync()
    {
        _testDatabase = await TestDatabase.CreateAsync();
        return DatabaseFactory.Create(new BunbaseOptions { Name = "events", Database = { Url = _testDatabase.Url } }, Path.GetTempPath(), NullLoggerFactory.Instance);
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await _testDatabase.DisposeAsync();
    }
}

public sealed class SqliteEventStoreTests : EventStoreContractTests
{
    private EmbeddedDatabase _embedded = null!;

    private protected override async Task<Database> CreateDatabaseAsync()
    {
        _embedded = await EmbeddedDatabase.CreateAsync();
        return _embedded.Database;
    }

    public override async Task DisposeAsync() => await _embedded.DisposeAsync();
}
