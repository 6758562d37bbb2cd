-- The SQLite dialect of ../0004_note_activity.sql.
create table note_activity (
    day text primary key,
    handled integer not null
);
create table note_activity_events (
    event_id text primary key,
    day text not null
);
