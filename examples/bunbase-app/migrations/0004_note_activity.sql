-- The count-note-activity subscriber: note-created events handled per day (UTC), and the ids it has counted.
create table note_activity (
    day text primary key,
    handled bigint not null
);
create table note_activity_events (
    event_id uuid primary key,
    day text not null
);
