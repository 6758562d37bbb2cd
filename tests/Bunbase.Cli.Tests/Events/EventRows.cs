namespace Bunbase.Cli.Tests.Events;

/// <summary>Events written straight into the store's tables (the schema of the events design), as a publisher's commits leave them.</summary>
public static class EventRows
{
    public const string Schema = """
        create sequence if not exists bunbase_event_position;
        create table if not exists bunbase_events (
            seq bigint generated always as identity primary key,
            global_position bigint unique,
            id uuid not null unique,
            stream text not null,
            category text not null,
            version bigint not null,
            type text not null,
            partition_key integer not null,
            data text not null,
            metadata text not null,
            tx xid8 not null default pg_current_xact_id(),
            created_at timestamptz not null default now(),
            unique (stream, version));
        """;

    /// <summary><paramref name="perStream"/> events in each of <paramref name="streams"/> streams <c>bulk-N</c>, interleaved, positioned after those already stored.</summary>
    public static string Bulk(int streams, int perStream, int firstVersion = 1) => $$"""
        insert into bunbase_events (global_position, id, stream, category, version, type, partition_key, data, metadata)
        select (select coalesce(max(global_position), 0) from bunbase_events) + row_number() over (order by v, s),
            gen_random_uuid(), 'bulk-' || s, 'bulk', v, 'bulk-added', hashtext('bulk-' || s) & 2147483647, json_build_object('n', v)::text, '{}'
        from generate_series({{firstVersion}}, {{firstVersion + perStream - 1}}) v, generate_series(1, {{streams}}) s
        """;
}
