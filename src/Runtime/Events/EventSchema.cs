namespace Bunbase.Runtime.Events;

/// <summary>
/// The event store's tables (shared with subscriptions, which read <c>bunbase_events</c> where
/// <c>global_position is not null</c>). On PostgreSQL an event is inserted with <c>global_position</c>
/// null and its transaction id in <c>tx</c>; the <see cref="EventSequencer"/> numbers it once its
/// transaction has ended, so positions are gap-free in visibility order. On the embedded file (one
/// writer at a time) the position is taken at insert.
/// </summary>
internal static class EventSchema
{
    public const string PostgreSql = """
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
        create index if not exists bunbase_events_category on bunbase_events (category, global_position);
        create index if not exists bunbase_events_type on bunbase_events (type, global_position);
        create index if not exists bunbase_events_unsequenced on bunbase_events (tx, seq) where global_position is null;
        create table if not exists bunbase_event_streams (
            stream text primary key,
            category text not null,
            version bigint not null,
            sequenced_version bigint not null default 0,
            updated_at timestamptz not null default now());
        """;

    /// <summary>Times are milliseconds since the Unix epoch; ids are text.</summary>
    public const string Sqlite = """
        create table if not exists bunbase_events (
            seq integer primary key autoincrement,
            global_position integer unique,
            id text not null unique,
            stream text not null,
            category text not null,
            version integer not null,
            type text not null,
            partition_key integer not null,
            data text not null,
            metadata text not null,
            created_at integer not null,
            unique (stream, version));
        create index if not exists bunbase_events_category on bunbase_events (category, global_position);
        create index if not exists bunbase_events_type on bunbase_events (type, global_position);
        create table if not exists bunbase_event_streams (
            stream text primary key,
            category text not null,
            version integer not null,
            sequenced_version integer not null default 0,
            updated_at integer not null);
        """;
}
