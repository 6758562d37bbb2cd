-- One row per job attempt that reached its end (the tests count them).
create table job_runs (
    key text not null,
    attempt integer not null,
    process_id integer not null,
    trigger text not null,
    trace_id text not null,
    cron_tick timestamptz,
    ran_at timestamptz not null default now());
create index job_runs_key on job_runs (key);
create table markers (key text primary key);
