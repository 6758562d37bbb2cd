using Bunbase.Runtime.Data;
using Dapper;

namespace Bunbase.Runtime.ActionLog;

/// <summary>
/// The run log's table. Ids are UUIDv7 (time-ordered), so the primary key alone serves "newest
/// first" listings, time windows, keyset pages and the retention's deletes by age; the trace id has an
/// index of its own for following one request (on PostgreSQL a hash index: see <see cref="ActionRunIndexes"/>).
/// The Studio's filters have three more on PostgreSQL, each ending in the id so a filtered page is one
/// backward index scan however rare the value: by action, and partial ones by status (runs that are not ok,
/// a few percent) and by trigger (runs not from HTTP). Without them, filtering a large log by a value that
/// matches few rows read the whole table; with them a flush does a little more work per row (see
/// benchmarks/results/2026-12-06-studio.md). A new table gets them with it; on a log that already exists they
/// are built after start, concurrently (<see cref="ActionRunIndexes"/>), not in this start-up DDL.
/// </summary>
internal static class ActionRunSchema
{
    public const string Columns = "id, action, trigger, status, http_status, duration_ms, trace_id, span_id, user_id, attempt, started_at, error_type, error_message, input, output, published";

    /// <summary>
    /// A new table gets every index in the start-up transaction: building on an empty table no other session can see
    /// yet blocks nobody. An existing one is only checked (<c>create index if not exists</c> and <c>alter table</c> would
    /// lock the table even when there is nothing to do); its other indexes, if missing, are built after start.
    /// </summary>
    public static readonly string PostgreSql = $$"""
        do $$ begin
            if not exists (select 1 from pg_tables where schemaname = current_schema() and tablename = 'bunbase_action_runs') then
                create table bunbase_action_runs (
                    id uuid primary key,
                    action text not null,
                    trigger text not null,
                    status text not null,
                    http_status smallint,
                    duration_ms double precision not null,
                    trace_id text not null,
                    span_id text,
                    user_id text,
                    attempt integer not null,
                    started_at timestamptz not null,
                    error_type text,
                    error_message text,
                    input jsonb,
                    output jsonb,
                    published jsonb);
                {{string.Join("\n", ActionRunIndexes.All.Select(index => $"create index {index.Name} on bunbase_action_runs {index.Definition};"))}}
            end if;
            -- Added after the table's first release.
            if not exists (select 1 from information_schema.columns where table_schema = current_schema() and table_name = 'bunbase_action_runs' and column_name = 'published') then
                alter table bunbase_action_runs add column published jsonb;
            end if;
        end $$;
        """;

    /// <summary>Ids as text (lowercase hex sorts as the UUID does), times as the handler's text form.</summary>
    public const string Sqlite = """
        create table if not exists bunbase_action_runs (
            id text primary key,
            action text not null,
            trigger text not null,
            status text not null,
            http_status integer,
            duration_ms real not null,
            trace_id text not null,
            span_id text,
            user_id text,
            attempt integer not null,
            started_at text not null,
            error_type text,
            error_message text,
            input text,
            output text,
            published text);
        create index if not exists bunbase_action_runs_trace on bunbase_action_runs (trace_id);
        """;

    public static async Task EnsureAsync(Database database, CancellationToken cancellationToken)
    {
        await RuntimeSchema.EnsureAsync(database, PostgreSql, Sqlite, cancellationToken).ConfigureAwait(false);
        if (database.Backend == DatabaseBackend.Sqlite)
            await AddSqliteColumnAsync(database, "published", "text", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A column added after the table's first release, on a file made before it (SQLite has no <c>add column if not exists</c>).</summary>
    private static Task AddSqliteColumnAsync(Database database, string column, string type, CancellationToken cancellationToken) =>
        database.OnPrimaryAsync(
            async connection =>
            {
                var present = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                    "select count(*) from pragma_table_info('bunbase_action_runs') where name = @Column", new { Column = column }, cancellationToken: cancellationToken)).ConfigureAwait(false);
                if (present == 0)
                    await connection.ExecuteAsync(new CommandDefinition($"alter table bunbase_action_runs add column {column} {type}", cancellationToken: cancellationToken)).ConfigureAwait(false);
                return 0;
            },
            cancellationToken);

    /// <summary>Newest first, on either engine (PostgreSQL needs the types of null parameters, and its jsonb read as text).</summary>
    public static Task<IReadOnlyList<StoredRun>> ListAsync(Database database, RunFilter filter, CancellationToken cancellationToken)
    {
        var (sql, parameters) = ListStatement(database.Backend, filter);
        return database.OnPrimaryAsync(
            async connection => (IReadOnlyList<StoredRun>)(await connection.QueryAsync<StoredRun>(new CommandDefinition(sql, parameters, cancellationToken: cancellationToken)).ConfigureAwait(false)).AsList(),
            cancellationToken);
    }

    /// <summary>The statement <see cref="ListAsync"/> sends and its parameters (tests read its plan).</summary>
    internal static (string Sql, object Parameters) ListStatement(DatabaseBackend backend, RunFilter filter)
    {
        var postgres = backend == DatabaseBackend.PostgreSql;
        var columns = postgres ? Columns.Replace("input, output, published", "input::text as input, output::text as output, published::text as published", StringComparison.Ordinal) : Columns;
        // Only the conditions asked for are in the statement, so the planner sees each query's real shape (and picks the index it needs).
        var where = new List<string>();
        if (filter.Action is not null)
            where.Add("action = @Action");
        if (filter.Status is not null)
            where.Add("status = @Status");
        if (filter.Trigger is not null)
            where.Add("trigger = @Trigger");
        if (filter.TraceId is not null)
            where.Add("trace_id = @TraceId");
        if (filter.Before is not null)
            where.Add("id < @Before");
        if (filter.From is not null)
            where.Add("id >= @FromId");
        if (filter.Until is not null)
            where.Add("id < @UntilId");
        var sql = $"""
            select {columns} from bunbase_action_runs
            {(where.Count == 0 ? "" : "where " + string.Join(" and ", where))}
            order by id desc limit @Limit
            """;
        var parameters = new
        {
            filter.Action,
            filter.Status,
            filter.Trigger,
            filter.TraceId,
            filter.Before,
            FromId = filter.From is { } from ? FirstIdAt(from) : (Guid?)null,
            UntilId = filter.Until is { } until ? FirstIdAt(until) : (Guid?)null,
            filter.Limit,
        };
        return (sql, parameters);
    }

    /// <summary>Retention on either engine: the oldest runs first, by the primary key, at most <paramref name="batchSize"/> in one short statement.</summary>
    public static Task<int> DeleteStartedBeforeAsync(Database database, DateTimeOffset cutoff, int batchSize, CancellationToken cancellationToken) =>
        database.OnPrimaryAsync(
            connection => connection.ExecuteAsync(new CommandDefinition(
                "delete from bunbase_action_runs where id in (select id from bunbase_action_runs where id < @Before order by id limit @BatchSize)",
                new { Before = FirstIdAt(cutoff), BatchSize = batchSize },
                cancellationToken: cancellationToken)),
            cancellationToken);

    /// <summary>The smallest UUIDv7 of a moment: every run started before it has a smaller id.</summary>
    public static Guid FirstIdAt(DateTimeOffset moment)
    {
        Span<byte> bytes = stackalloc byte[16];
        var milliseconds = moment.ToUnixTimeMilliseconds();
        for (var i = 5; i >= 0; i--, milliseconds >>= 8)
            bytes[i] = (byte)milliseconds;
        bytes[6] = 0x70; // version 7
        bytes[8] = 0x80; // RFC 9562 variant
        return new Guid(bytes, bigEndian: true);
    }
}
