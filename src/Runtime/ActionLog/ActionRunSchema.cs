using Bunbase.Runtime.Data;
using Dapper;

namespace Bunbase.Runtime.ActionLog;

/// <summary>
/// The run log's table. Ids are UUIDv7 (time-ordered), so the primary key alone serves "newest
/// first" listings and the retention's deletes by age; the trace id has an index of its own for
/// following one request. No other index: every one would slow the flush.
/// </summary>
internal static class ActionRunSchema
{
    public const string Columns = "id, action, trigger, status, http_status, duration_ms, trace_id, span_id, user_id, attempt, started_at, error_type, error_message, input, output, published";

    public const string PostgreSql = """
        create table if not exists bunbase_action_runs (
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
        create index if not exists bunbase_action_runs_trace on bunbase_action_runs (trace_id);
        do $$ begin
            -- Added after the table's first release; checked first, since alter table would lock the table at every start.
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
        var postgres = database.Backend == DatabaseBackend.PostgreSql;
        var columns = postgres ? Columns.Replace("input, output, published", "input::text as input, output::text as output, published::text as published", StringComparison.Ordinal) : Columns;
        var text = postgres ? "::text" : "";
        var sql = $"""
            select {columns} from bunbase_action_runs
            where (@Action{text} is null or action = @Action) and (@Status{text} is null or status = @Status) and (@TraceId{text} is null or trace_id = @TraceId)
            order by id desc limit @Limit
            """;
        return database.OnPrimaryAsync(
            async connection => (IReadOnlyList<StoredRun>)(await connection.QueryAsync<StoredRun>(new CommandDefinition(sql, filter, cancellationToken: cancellationToken)).ConfigureAwait(false)).AsList(),
            cancellationToken);
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
