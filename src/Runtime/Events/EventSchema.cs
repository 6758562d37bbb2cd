namespace Bunbase.Runtime.Events;

/// <summary>
/// The event store's tables (shared with subscriptions, which read <c>bunbase_events</c> where
/// <c>global_position is not null</c>). On PostgreSQL an event is inserted with <c>global_position</c>
/// null and its transaction id in <c>tx</c>; the <see cref="EventSequencer"/> numbers it once its
/// transaction has ended, so positions follow visibility (no reader passes an event that commits later; numbers drawn
/// by a pass cut short are skipped, not reused). On the embedded file (one
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
        """ + SequenceFunction;

    /// <summary>
    /// One sequencer pass in one round trip (see <c>SqlEventStore.Sequence.cs</c>): the lock, then, in a
    /// statement of its own (a snapshot taken once the lock is held), the candidates in <c>(tx, seq)</c>
    /// order, each stream's unbroken run of versions after its last numbered one, the run's events put
    /// in their stream's slots in version order, positions drawn in slot order, and the notification.
    /// </summary>
    private const string SequenceFunction = """

        create or replace function bunbase_sequence_events(batch integer, lock_key bigint, channel text)
        returns table (highest_position bigint, numbered_count integer, lock_busy boolean) language plpgsql volatile as $fn$
        declare
            top bigint;
            done_count integer;
        begin
            if not pg_try_advisory_xact_lock(lock_key) then
                return query select null::bigint, 0, true;
                return;
            end if;
            with candidates as (
                select e.seq, e.stream, e.version, e.tx, s.sequenced_version,
                    row_number() over (partition by e.stream order by e.version) as by_version
                from (select c.seq, c.stream, c.version, c.tx from bunbase_events c
                      where c.global_position is null order by c.tx, c.seq limit batch) e
                join bunbase_event_streams s on s.stream = e.stream),
            taken as (
                select t.seq, t.stream, t.version, t.tx, t.by_version,
                    row_number() over (partition by t.stream order by t.tx, t.seq) as slot_in_stream
                from candidates t where t.version = t.sequenced_version + t.by_version),
            slots as (
                select row_number() over (order by slot.tx, slot.seq) as ord, event.seq
                from taken slot join taken event on event.stream = slot.stream and event.by_version = slot.slot_in_stream),
            drawn as (select nextval('bunbase_event_position') as position from generate_series(1, (select count(*) from slots))),
            ranked as (select d.position, row_number() over (order by d.position) as ord from drawn d),
            done as (
                update bunbase_events e set global_position = r.position
                from slots t join ranked r on r.ord = t.ord
                where e.seq = t.seq
                returning e.global_position),
            streams as (
                update bunbase_event_streams s set sequenced_version = v.version
                from (select t.stream, max(t.version) as version from taken t group by t.stream) v
                where s.stream = v.stream
                returning 1)
            select max(d.global_position), count(*)::integer into top, done_count from done d;
            if top is not null then
                perform pg_notify(channel, top::text);
            end if;
            return query select top, done_count, false;
        end
        $fn$;
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
