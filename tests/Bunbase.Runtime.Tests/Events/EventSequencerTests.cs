using Bunbase.Runtime.Configuration;
using Bunbase.Runtime.Data;
using Bunbase.Runtime.Events;
using Bunbase.Runtime.Json;
using Bunbase.Runtime.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Bunbase.Runtime.Tests.Events;

/// <summary>
/// The sequencer on PostgreSQL: transactions are held open by hand to provoke the two inversions a
/// position taken at insert would get wrong, and a reader that keeps a checkpoint never skips or reorders.
/// </summary>
public sealed class EventSequencerTests : IAsyncLifetime
{
    private TestDatabase _testDatabase = null!;
    private Database _database = null!;
    private IEventStore _store = null!;
    private EventPublisher _publisher = null!;

    public async Task InitializeAsync()
    {
        _testDatabase = await TestDatabase.CreateAsync();
        _database = DatabaseFactory.Create(new BunbaseOptions { Name = "sequencer", Database = { Url = _testDatabase.Url } }, Path.GetTempPath(), NullLoggerFactory.Instance);
        _store = EventStoreFactory.Create(_database, TimeProvider.System);
        await _store.EnsureSchemaAsync(CancellationToken.None);
        _publisher = new EventPublisher(_store, new EventSignals(TimeProvider.System), EventPublisher.DataOptions(new JsonContracts().Options));
    }

    public async Task DisposeAsync()
    {
        await _database.DisposeAsync();
        await _testDatabase.DisposeAsync();
    }

    [Fact]
    public async Task A_stream_written_by_transactions_whose_ids_are_inverted_is_numbered_in_version_order()
    {
        await using var early = await OpenTransactionAsync();
        await early.TakeXidAsync(); // the earlier transaction id ...
        await PublishAsync("order-1"); // ... but a later one writes version 1 and commits first
        await early.PublishAsync(this, "order-1"); // version 2
        await early.CommitAsync();

        await SequenceAllAsync();

        var events = await _store.ReadCategoryAsync("order", 0, 10, CancellationToken.None);
        Assert.Equal([1L, 2L], events.Select(e => e.Version));
        Assert.True(events[0].GlobalPosition < events[1].GlobalPosition);
    }

    [Fact]
    public async Task A_transaction_left_open_elsewhere_does_not_hold_back_the_numbering_of_committed_events()
    {
        await using var open = await OpenTransactionAsync();
        await open.TakeXidAsync(); // an older transaction that stays open (a long report, an idle session)
        await PublishAsync("order-1");

        var pass = await _store.SequenceAsync(100, CancellationToken.None);
        var events = await _store.ReadCategoryAsync("order", 0, 10, CancellationToken.None);

        Assert.Equal(1, pass.Numbered);
        Assert.Equal([1L], events.Select(e => e.Version));
    }

    [Fact]
    public async Task An_event_committed_after_a_reader_passed_later_ones_is_numbered_after_them()
    {
        await using var slow = await OpenTransactionAsync();
        await slow.PublishAsync(this, "cart-1"); // inserted first, committed last
        await PublishAsync("cart-2");

        await _store.SequenceAsync(100, CancellationToken.None);
        var first = await _store.ReadCategoryAsync("cart", 0, 10, CancellationToken.None);
        await slow.CommitAsync();
        await SequenceAllAsync();
        var next = await _store.ReadCategoryAsync("cart", first[^1].GlobalPosition!.Value, 10, CancellationToken.None);

        // A reader that keeps its last position reaches cart-1 although it was inserted (and drew its seq) first.
        Assert.Equal(["cart-2"], first.Select(e => e.Stream));
        Assert.Equal(["cart-1"], next.Select(e => e.Stream));
    }

    [Fact]
    public async Task A_pass_does_not_run_while_another_holds_the_lock()
    {
        await PublishAsync("lock-1");
        await using var other = await OpenTransactionAsync();
        await other.ExecuteAsync($"select pg_advisory_xact_lock({SqlEventStore.SequencerLockKey})");

        var busy = await _store.SequenceAsync(100, CancellationToken.None);
        var unnumbered = await EventStoreContractTests.UnsequencedAsync(_database);
        await other.CommitAsync();
        await SequenceAllAsync();

        Assert.True(busy.LockBusy);
        Assert.Equal(1, unnumbered);
        Assert.NotNull(Assert.Single(await _store.ReadCategoryAsync("lock", 0, 10, CancellationToken.None)).GlobalPosition);
    }

    [Fact]
    public async Task A_reader_with_a_checkpoint_never_skips_or_reorders_under_concurrent_writers_and_sequencers()
    {
        const int Writers = 4;
        const int PerWriter = 60;
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var writing = Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < PerWriter; i++)
            {
                var stream = $"mix-{(w + i) % 5}";
                if (i % 3 == 0)
                {
                    // Some publishes sit in open transactions for a moment, committing out of insert order.
                    await using var held = await OpenTransactionAsync();
                    await held.PublishAsync(this, stream);
                    await Task.Delay(i % 7, stop.Token);
                    await held.CommitAsync();
                }
                else
                {
                    await PublishAsync(stream);
                }
            }
        })).ToArray();
        var writersDone = Task.WhenAll(writing);
        var sequencing = Enumerable.Range(0, 2).Select(_ => Task.Run(async () =>
        {
            while (!writersDone.IsCompleted && !stop.IsCancellationRequested)
                await _store.SequenceAsync(50, stop.Token);
        })).ToArray();

        var read = new List<StoredEvent>();
        long checkpoint = 0;
        for (var round = 0; round < 100_000 && !stop.IsCancellationRequested; round++)
        {
            var page = await _store.ReadCategoryAsync("mix", checkpoint, 37, CancellationToken.None);
            read.AddRange(page);
            if (page.Count > 0)
                checkpoint = page[^1].GlobalPosition!.Value;
            else if (writersDone.IsCompleted && sequencing.All(s => s.IsCompleted))
            {
                await SequenceAllAsync();
                if ((await _store.ReadCategoryAsync("mix", checkpoint, 1, CancellationToken.None)).Count == 0)
                    break;
            }
        }

        await writersDone;
        await Task.WhenAll(sequencing);
        var all = await _store.ReadCategoryAsync("mix", 0, 10_000, CancellationToken.None);
        Assert.Equal(Writers * PerWriter, all.Count);
        Assert.Equal(all.Select(e => e.Id), read.Select(e => e.Id));
        foreach (var stream in read.GroupBy(e => e.Stream))
            Assert.Equal(Enumerable.Range(1, stream.Count()).Select(v => (long)v), stream.Select(e => e.Version));
    }

    [Fact]
    public async Task SequenceCommitted_numbers_every_committed_event_in_passes_of_a_batch_and_tells_the_readers()
    {
        for (var i = 0; i < 5; i++)
            await PublishAsync($"batch-{i}");
        var signals = new EventSignals(TimeProvider.System);
        var told = signals.Sequenced;

        var done = await EventSequencer.SequenceCommittedAsync(_store, signals, batchSize: 2, CancellationToken.None);

        Assert.True(done);
        Assert.Equal(0, await EventStoreContractTests.UnsequencedAsync(_database));
        Assert.True(told.IsCompleted);
        Assert.Equal((await _store.ReadCategoryAsync("batch", 0, 10, CancellationToken.None))[^1].GlobalPosition, signals.HighestSequenced);
    }

    [Fact]
    public async Task SequenceCommitted_says_so_when_another_pass_holds_the_lock()
    {
        await PublishAsync("held-1");
        await using var other = await OpenTransactionAsync();
        await other.ExecuteAsync($"select pg_advisory_xact_lock({SqlEventStore.SequencerLockKey})");

        var done = await EventSequencer.SequenceCommittedAsync(_store, new EventSignals(TimeProvider.System), 100, CancellationToken.None);

        Assert.False(done);
        Assert.Equal(1, await EventStoreContractTests.UnsequencedAsync(_database));
    }

    private Task PublishAsync(string stream) =>
        _publisher.PublishAsync(stream, "happened", new { }, null, null, null, null, CancellationToken.None);

    /// <summary>Numbers everything committed; another session's open transaction on the shared server holds that back until it ends (bounded wait).</summary>
    private async Task SequenceAllAsync()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            var pass = await _store.SequenceAsync(1_000, CancellationToken.None);
            if (pass.Highest is not null)
                continue;
            if (!pass.LockBusy && await EventStoreContractTests.UnsequencedAsync(_database) == 0)
                return;
            await Task.Delay(20);
        }

        throw new TimeoutException("Committed events were still unnumbered after 60 s.");
    }

    private async Task<HeldTransaction> OpenTransactionAsync()
    {
        var connection = await _testDatabase.OpenAsync();
        return new HeldTransaction(connection, await connection.BeginTransactionAsync());
    }

    /// <summary>A transaction the test commits when it chooses.</summary>
    private sealed class HeldTransaction(NpgsqlConnection connection, NpgsqlTransaction transaction) : IAsyncDisposable
    {
        public async Task TakeXidAsync() => await ExecuteAsync("select pg_current_xact_id()");

        public async Task ExecuteAsync(string sql)
        {
            await using var command = new NpgsqlCommand(sql, connection, transaction);
            await command.ExecuteNonQueryAsync();
        }

        public Task PublishAsync(EventSequencerTests test, string stream) =>
            test._publisher.PublishAsync(stream, "happened", new { }, null, null, null, new DatabaseTransaction(DatabaseBackend.PostgreSql, connection, transaction, CancellationToken.None), CancellationToken.None);

        public Task CommitAsync() => transaction.CommitAsync();

        public async ValueTask DisposeAsync()
        {
            await transaction.DisposeAsync();
            await connection.DisposeAsync();
        }
    }
}
