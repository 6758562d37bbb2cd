namespace Bunbase.Runtime.Tests.Subscriptions;

/// <summary>Events written straight into the store's tables (the schema of the events design), as a publisher's commits leave them.</summary>
internal static class EventRows
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

    public static string One(string stream, string type, string data, string metadata) => $"""
        insert into bunbase_events (global_position, id, stream, category, version, type, partition_key, data, metadata)
        values (
            (select coalesce(max(global_position), 0) + 1 from bunbase_events), gen_random_uuid(), '{stream}', split_part('{stream}', '-', 1),
            (select coalesce(max(version), 0) + 1 from bunbase_events where stream = '{stream}'), '{type}', hashtext('{stream}') & 2147483647, '{data}', '{metadata}')
        """;
}
