-- One row per event a subscriber handled (the tests count them), and switches the tests flip.
create table event_runs (
    seq integer primary key autoincrement,
    subscription text not null,
    event_id text not null,
    stream text not null,
    version integer not null,
    global_position integer not null,
    attempt integer not null,
    process_id integer not null,
    trace_id text not null,
    correlation_id text,
    handled_at text not null default current_timestamp);
create table switches (name text primary key);
