create table job_runs (
    key text not null,
    attempt integer not null,
    process_id integer not null,
    trigger text not null,
    trace_id text not null,
    cron_tick text,
    ran_at text not null default (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')));
create index job_runs_key on job_runs (key);
create table markers (key text primary key);
