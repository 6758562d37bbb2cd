-- One row per event a subscriber handled (the tests count them), and switches the tests flip.
create table event_runs (
    seq bigint generated always as identity primary key,
    subscription text not null,
    event_id uuid not null,
    stream text not null,
    version bigint not null,
    global_position bigint not null,
    attempt integer not null,
    process_id integer not null,
    trace_id text not null,
    correlation_id text,
    handled_at timestamptz not null default now());
create index event_runs_event on event_runs (event_id);
create table switches (name text primary key);
