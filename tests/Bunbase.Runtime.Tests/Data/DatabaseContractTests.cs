using System.Data;
using System.Data.Common;
using Bunbase.Runtime.Configuration;
using Bunbase.Runtime.Data;
using Bunbase.Runtime.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bunbase.Runtime.Tests.Data;

/// <summary>The one contract of <c>ctx.Db</c>, run against PostgreSQL and the embedded SQLite file.</summary>
public abstract class DatabaseContractTests : IAsyncLifetime
{

    public sealed record Item(long Id, string Name, string? Note, bool Done, decimal Price, DateTimeOffset CreatedAt, Guid Reference);

    public sealed class ItemRow
    {
        public long Id { get; set; }

        public string Name { get; set; } = "";

        public DateTimeOffset CreatedAt { get; set; }
    }

    protected ISqlDatabase Db { get; private set; } = null!;

    private protected Database Database { get; private set; } = null!;

    protected abstract string CreateTable { get; }

    public async Task InitializeAsync()
    {
        Database = await CreateDatabaseAsync();
        Db = Database.CreateSession(CancellationToken.None);
        await Db.ExecuteAsync(CreateTable);
    }

    public virtual async Task DisposeAsync() => await Database.DisposeAsync();

    private protected abstract Task<Database> CreateDatabaseAsync();

    /// <summary>Counts rows from outside the session under test (another connection).</summary>
    protected abstract Task<long> CountFromOutsideAsync();

    [Fact]
    public async Task A_list_parameter_binds_in_and_not_in_on_both_backends()
    {
        // Written once against the embedded file in development, the same SQL must run on PostgreSQL.
        foreach (var name in new[] { "a", "b", "c" })
            await Db.ExecuteAsync("insert into items (name, done, price, created_at, reference) values (@name, false, 1, @now, @reference)", new { name, now = DateTimeOffset.UtcNow, reference = Guid.NewGuid() });

        Assert.Equal(["a", "c"], await Db.QueryAsync<string>("select name from items where name in @Names order by name", new { Names = new[] { "a", "c", "z" } }));
        Assert.Equal(["b"], await Db.QueryAsync<string>("select name from items where name NOT IN @Names order by name", new { Names = new List<string> { "a", "c" } }));
        Assert.Empty(await Db.QueryAsync<string>("select name from items where name in @Names", new { Names = Array.Empty<string>() }));
        Assert.Equal(3, (await Db.QueryAsync<string>("select name from items where name not in @Names", new { Names = Array.Empty<string>() })).Count);
        var ids = await Db.QueryAsync<long>("select id from items order by id");
        Assert.Equal(2L, await Db.ExecuteScalarAsync<long>("select count(*) from items where id in @Ids and name <> 'in @Ids'", new { Ids = ids.Take(2).ToArray() }));
    }

    [Fact]
    public async Task Rows_map_by_column_name_to_records_and_to_classes_with_every_type_round_tripping()
    {
        var reference = Guid.NewGuid();
        var created = new DateTimeOffset(2026, 11, 24, 12, 30, 15, TimeSpan.FromHours(2));
        await Db.ExecuteAsync(
            "insert into items (name, note, done, price, created_at, reference) values (@Name, @Note, @Done, @Price, @CreatedAt, @Reference)",
            new { Name = "ada", Note = (string?)null, Done = true, Price = 12.50m, CreatedAt = created, Reference = reference });

        var item = await Db.QuerySingleAsync<Item>("select id, name, note, done, price, created_at, reference from items");
        var row = await Db.QuerySingleAsync<ItemRow>("select id, name, created_at from items where reference = @reference", new { reference });

        Assert.Equal(new Item(item.Id, "ada", null, true, 12.50m, created, reference), item);
        Assert.Equal(created, item.CreatedAt);
        Assert.Equal(TimeSpan.Zero, item.CreatedAt.Offset);
        Assert.Equal(("ada", created), (row.Name, row.CreatedAt));
    }

    [Fact]
    public async Task Single_first_and_scalar_queries_keep_their_contracts()
    {
        var first = await Db.ExecuteScalarAsync<long>("insert into items (name) values ('a') returning id");
        await Db.ExecuteAsync("insert into items (name) values ('b')");

        Assert.Equal(2, (await Db.QueryAsync<ItemRow>("select id, name, created_at from items order by id")).Count);
        Assert.Equal("a", await Db.QueryFirstAsync<string>("select name from items order by id"));
        Assert.Null(await Db.QueryFirstOrDefaultAsync<string>("select name from items where name = 'none'"));
        Assert.Null(await Db.QuerySingleOrDefaultAsync<ItemRow>("select id, name, created_at from items where id = -1"));
        Assert.Equal("a", await Db.QuerySingleAsync<string>("select name from items where id = @first", new { first }));
        await Assert.ThrowsAsync<InvalidOperationException>(() => Db.QuerySingleAsync<string>("select name from items"));
        await Assert.ThrowsAsync<InvalidOperationException>(() => Db.QuerySingleAsync<string>("select name from items where id = -1"));
        await Assert.ThrowsAsync<InvalidOperationException>(() => Db.QueryFirstAsync<string>("select name from items where id = -1"));
        Assert.Equal(2, await Db.ExecuteAsync("update items set note = 'x'"));
    }

    [Fact]
    public async Task Values_that_look_like_sql_stay_parameters()
    {
        const string Hostile = "'); drop table items; --";

        await Db.ExecuteAsync("insert into items (name, note) values (@name, @name)", new { name = Hostile });

        Assert.Equal(Hostile, await Db.QuerySingleAsync<string>("select note from items where name = @name", new { name = Hostile }));
        Assert.Equal(1, await CountFromOutsideAsync());
    }

    [Fact]
    public async Task A_transaction_commits_when_the_work_returns()
    {
        var id = await Db.TransactionAsync(async tx =>
        {
            var id = await tx.ExecuteScalarAsync<long>("insert into items (name) values ('kept') returning id");
            await tx.ExecuteAsync("update items set note = 'in tx' where id = @id", new { id });
            return id;
        });

        Assert.Equal("in tx", await Db.QuerySingleAsync<string>("select note from items where id = @id", new { id }));
        Assert.Equal(1, await CountFromOutsideAsync());
    }

    [Fact]
    public async Task A_transaction_rolls_back_when_the_work_throws_and_the_exception_propagates()
    {
        var error = await Assert.ThrowsAsync<ConflictException>(() => Db.TransactionAsync(async tx =>
        {
            await tx.ExecuteAsync("insert into items (name) values ('gone')");
            throw new ConflictException("no");
        }));

        Assert.Equal("no", error.Message);
        Assert.Equal(0, await CountFromOutsideAsync());
        Assert.Equal(0, await Db.ExecuteScalarAsync<long>("select count(*) from items"));
    }

    [Fact]
    public async Task While_a_transaction_runs_ctx_db_runs_inside_it_and_nested_transactions_join_it()
    {
        await Assert.ThrowsAsync<InvalidOperationException>(() => Db.TransactionAsync(async tx =>
        {
            await tx.ExecuteAsync("insert into items (name) values ('one')");
            Assert.Equal(1, await Db.ExecuteScalarAsync<long>("select count(*) from items")); // uncommitted, same transaction
            Assert.Equal(0, await CountFromOutsideAsync());
            await Db.TransactionAsync(inner => inner.ExecuteAsync("insert into items (name) values ('two')"));
            throw new InvalidOperationException("undo both");
        }));

        Assert.Equal(0, await CountFromOutsideAsync());
    }

    [Fact]
    public async Task A_transaction_used_after_it_ended_says_so()
    {
        ISqlDatabase? leaked = null;
        await Db.TransactionAsync(tx =>
        {
            leaked = tx;
            return Task.CompletedTask;
        });

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => leaked!.ExecuteAsync("insert into items (name) values ('late')"));
        Assert.Contains("transaction has ended", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, await CountFromOutsideAsync());
    }

    [Fact]
    public async Task Serializable_transactions_are_available()
    {
        var count = await Db.TransactionAsync(tx => tx.ExecuteScalarAsync<long>("select count(*) from items"), IsolationLevel.Serializable);

        Assert.Equal(0, count);
    }

    [Fact]
    public async Task Bad_sql_fails_with_the_database_error_and_the_session_stays_usable()
    {
        await Assert.ThrowsAnyAsync<DbException>(() => Db.ExecuteAsync("insert into no_such_table values (1)"));

        Assert.Equal(1, await Db.ExecuteAsync("insert into items (name) values ('after')"));
    }

    [Fact]
    public async Task Primary_runs_the_same_statements()
    {
        await Db.Primary.ExecuteAsync("insert into items (name) values ('p')");

        Assert.Equal("p", await Db.Primary.QuerySingleAsync<string>("select name from items"));
        Assert.Same(Db.Primary, Db.Primary);
    }
}

public sealed class PostgresDatabaseContractTests : DatabaseContractTests
{
    private TestDatabase _testDatabase = null!;

    protected override string CreateTable => """
        create table items (
            id bigint generated always as identity primary key,
            name text not null,
            note text,
            done boolean not null default false,
            price numeric(10, 2) not null default 0,
            created_at timestamptz not null default now(),
            reference uuid not null default gen_random_uuid())
        """;

    private protected override async Task<Database> CreateDatabaseAsync()
    {
        _testDatabase = await TestDatabase.CreateAsync();
        var options = new BunbaseOptions { Name = "contract", Database = { Url = _testDatabase.Url } };
        return DatabaseFactory.Create(options, Path.GetTempPath(), NullLoggerFactory.Instance);
    }

    protected override Task<long> CountFromOutsideAsync() => _testDatabase.ScalarAsync<long>("select count(*) from items");

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await _testDatabase.DisposeAsync();
    }

    [Fact]
    public async Task The_statement_timeout_is_enforced_by_the_server_in_milliseconds()
    {
        var options = new BunbaseOptions { Name = "timeout", Database = { Url = _testDatabase.Url, CommandTimeoutMs = 200 } };
        await using var database = DatabaseFactory.Create(options, Path.GetTempPath(), NullLoggerFactory.Instance);

        var error = await Assert.ThrowsAsync<Npgsql.PostgresException>(() => database.CreateSession(CancellationToken.None).ExecuteAsync("select pg_sleep(5)"));

        Assert.Equal("57014", error.SqlState); // query_canceled: canceling statement due to statement timeout
        Assert.Contains("statement timeout", error.MessageText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancelling_the_invocation_cancels_its_statement_on_a_classic_pool()
    {
        // Npgsql's multiplexing does not cancel a statement already sent; statement_timeout bounds it.
        var options = new BunbaseOptions { Name = "cancel", Database = { Url = _testDatabase.Url, Multiplexing = false } };
        await using var database = DatabaseFactory.Create(options, Path.GetTempPath(), NullLoggerFactory.Instance);

        // The pool has a connection open first, so the cancellation lands on the running statement, not on the connect.
        Assert.Equal(1, await database.CreateSession(CancellationToken.None).ExecuteScalarAsync<int>("select 1"));
        using var cancellation = new CancellationTokenSource(TimeSpan.FromSeconds(1));

        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => database.CreateSession(cancellation.Token).ExecuteAsync("select pg_sleep(30)"));

        Assert.Equal("57014", Assert.IsType<Npgsql.PostgresException>(error.InnerException).SqlState);
        Assert.Equal(1, await database.CreateSession(CancellationToken.None).ExecuteScalarAsync<int>("select 1"));
    }

    [Fact]
    public async Task Numbers_convert_between_widths_when_read()
    {
        Assert.Equal(new Counts(2, 3L, true), await Db.QuerySingleAsync<Counts>("select count(*) as rows, 3::int as three, true as flag from (values (1), (2)) v"));
    }

    public sealed record Counts(int Rows, long Three, bool Flag);
}

public sealed class SqliteDatabaseContractTests : DatabaseContractTests
{
    private EmbeddedDatabase _embedded = null!;

    protected override string CreateTable => """
        create table items (
            id integer primary key autoincrement,
            name text not null,
            note text,
            done integer not null default 0,
            price numeric not null default 0,
            created_at text not null default (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
            reference text not null default (lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-a' || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)))))
        """;

    private protected override async Task<Database> CreateDatabaseAsync()
    {
        _embedded = await EmbeddedDatabase.CreateAsync();
        return _embedded.Database;
    }

    protected override async Task<long> CountFromOutsideAsync() => (long)(await _embedded.ScalarAsync("select count(*) from items"))!;

    public override async Task DisposeAsync() => await _embedded.DisposeAsync();

    [Fact]
    public async Task A_writer_waits_inside_sqlite_for_another_writers_lock_for_up_to_the_command_timeout()
    {
        // Without busy_timeout SQLite reports the lock at once and Microsoft.Data.Sqlite sleeps 150 ms a try.
        Assert.Equal(30_000L, await Db.ExecuteScalarAsync<long>("pragma busy_timeout"));
    }

    [Fact]
    public async Task A_write_behind_another_writers_lock_runs_when_it_is_released_and_fails_at_the_command_timeout_when_it_is_not()
    {
        await using (var holder = await HoldWriteLockAsync(_embedded.FilePath))
        {
            // Microsoft.Data.Sqlite's async calls run synchronously: the write waits on a thread of its own.
            var write = Task.Run(() => Db.ExecuteAsync("insert into items (name) values ('after the lock')"));
            await Task.Delay(300);
            Assert.False(write.IsCompleted);
            await ExecuteAsync(holder, "commit");
            Assert.Equal(1, await write.WaitAsync(TimeSpan.FromSeconds(10)));
        }

        var options = new BunbaseOptions { Name = "locked", Database = { CommandTimeoutMs = 1_000 } };
        await using var shortTimeout = DatabaseFactory.Create(options, _embedded.Directory, NullLoggerFactory.Instance);
        await using (await HoldWriteLockAsync(_embedded.FilePath))
        {
            var error = await Assert.ThrowsAsync<Microsoft.Data.Sqlite.SqliteException>(
                () => Task.Run(() => shortTimeout.CreateSession(CancellationToken.None).ExecuteAsync("insert into items (name) values ('never')")).WaitAsync(TimeSpan.FromSeconds(10)));
            Assert.Equal(5, error.SqliteErrorCode); // SQLITE_BUSY: "database is locked"
        }

        Assert.Equal(1, await CountFromOutsideAsync());
    }

    [Fact]
    public async Task Ctx_db_writers_take_turns_in_the_process_and_a_turn_lasts_the_whole_transaction()
    {
        // Another session's write waits for the transaction and runs after it; its reads do not wait.
        var inside = new TaskCompletionSource();
        var finish = new TaskCompletionSource();
        var transaction = Task.Run(() => Db.TransactionAsync(async tx =>
        {
            await tx.QueryAsync<long>("select id from items");
            inside.SetResult();
            await finish.Task;
            await tx.ExecuteAsync("insert into items (name) values ('first')");
        }));
        await inside.Task.WaitAsync(TimeSpan.FromSeconds(10));

        var second = Task.Run(() => Database.CreateSession(CancellationToken.None).ExecuteAsync("insert into items (name) values ('second')"));
        var read = await Database.CreateSession(CancellationToken.None).QuerySingleAsync<long>("select count(*) from items"); // reads do not wait
        await Task.Delay(300);
        Assert.Equal(0, read);
        Assert.False(second.IsCompleted);

        finish.SetResult();
        await transaction.WaitAsync(TimeSpan.FromSeconds(10));
        await second.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(["first", "second"], await Db.QueryAsync<string>("select name from items order by id"));
    }

    [Fact]
    public async Task A_turn_ends_before_the_committed_callbacks_which_may_write_again()
    {
        var callback = new TaskCompletionSource<int>();
        await Db.TransactionAsync(async tx =>
        {
            await tx.ExecuteAsync("insert into items (name) values ('in the transaction')");
            ((DatabaseTransaction)tx).OnCommitted(async () => callback.SetResult(await Db.ExecuteAsync("insert into items (name) values ('after the commit')")));
        }).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(1, await callback.Task);
        Assert.Equal(2, await CountFromOutsideAsync());
    }

    [Fact]
    public async Task Many_concurrent_writers_all_get_their_turn_and_one_that_waits_past_the_command_timeout_is_refused()
    {
        await Task.WhenAll(Enumerable.Range(0, 50).Select(i =>
            Task.Run(() => Database.CreateSession(CancellationToken.None).ExecuteAsync("insert into items (name) values (@name)", new { name = $"writer {i}" }))));
        Assert.Equal(50, await CountFromOutsideAsync());

        var options = new BunbaseOptions { Name = "turns", Database = { CommandTimeoutMs = 500 } };
        await using var shortTimeout = DatabaseFactory.Create(options, _embedded.Directory, NullLoggerFactory.Instance);
        var release = new TaskCompletionSource();
        var holder = Task.Run(() => shortTimeout.CreateSession(CancellationToken.None).TransactionAsync(async _ => await release.Task));
        try
        {
            var error = await Assert.ThrowsAsync<Microsoft.Data.Sqlite.SqliteException>(
                () => Task.Run(() => shortTimeout.CreateSession(CancellationToken.None).ExecuteAsync("insert into items (name) values ('refused')")).WaitAsync(TimeSpan.FromSeconds(10)));
            Assert.Equal(5, error.SqliteErrorCode);
            Assert.Contains("database.commandTimeoutMs (500 ms)", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            release.SetResult();
            await holder.WaitAsync(TimeSpan.FromSeconds(10));
        }

        Assert.Equal(50, await CountFromOutsideAsync());
    }

    /// <summary>An outside connection holding the file's write lock until it is disposed (which rolls back).</summary>
    private static async Task<Microsoft.Data.Sqlite.SqliteConnection> HoldWriteLockAsync(string path)
    {
        var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=False");
        await connection.OpenAsync();
        await ExecuteAsync(connection, "begin immediate");
        return connection;
    }

    private static async Task ExecuteAsync(Microsoft.Data.Sqlite.SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
