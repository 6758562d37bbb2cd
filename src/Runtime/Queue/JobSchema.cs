namespace Bunbase.Runtime.Queue;

/// <summary>
/// The queue's tables. Jobs are deleted when they complete (the cheapest way through a busy table);
/// idempotency keys outlive them in their own table; a cron tick is a row, so only one instance runs it.
/// Input is stored as text: it is only ever read back whole.
/// </summary>
internal static class JobSchema
{
    public const string PostgreSql = """
        create table if not exists bunbase_jobs (
            id uuid primary key,
            queue text not null,
            action text not null,
            input text not null,
            priority integer not null default 0,
            run_at timestamptz not null,
            status text not null default 'pending' check (status in ('pending', 'running', 'dead')),
            attempts integer not null default 0,
            max_attempts integer not null,
            lease_owner text,
            lease_until timestamptz,
            last_error text,
            trace_parent text,
            idempotency_key text,
            cron_tick timestamptz,
            created_at timestamptz not null default now(),
            died_at timestamptz);
        create index if not exists bunbase_jobs_due on bunbase_jobs (queue, priority desc, run_at) where status = 'pending';
        create index if not exists bunbase_jobs_leased on bunbase_jobs (lease_until) where status = 'running';
        create index if not exists bunbase_jobs_dead on bunbase_jobs (died_at) where status = 'dead';
        create table if not exists bunbase_job_keys (
            key text primary key,
            job_id uuid not null,
            expires_at timestamptz not null);
        create table if not exists bunbase_cron_ticks (
            action text not null,
            tick_at timestamptz not null,
            job_id uuid not null,
            primary key (action, tick_at));
        """;

    /// <summary>Times are milliseconds since the Unix epoch from the process's clock (one process only).</summary>
    public const string Sqlite = """
        create table if not exists bunbase_jobs (
            id text primary key,
            queue text not null,
            action text not null,
            input text not null,
            priority integer not null default 0,
            run_at integer not null,
            status text not null default 'pending' check (status in ('pending', 'running', 'dead')),
            attempts integer not null default 0,
            max_attempts integer not null,
            lease_owner text,
            lease_until integer,
            last_error text,
            trace_parent text,
            idempotency_key text,
            cron_tick integer,
            created_at integer not null,
            died_at integer);
        create index if not exists bunbase_jobs_due on bunbase_jobs (queue, priority desc, run_at) where status = 'pending';
        create index if not exists bunbase_jobs_leased on bunbase_jobs (lease_until) where status = 'running';
        create index if not exists bunbase_jobs_dead on bunbase_jobs (died_at) where status = 'dead';
        create table if not exists bunbase_job_keys (
            key text primary key,
            job_id text not null,
            expires_at integer not null);
        create table if not exists bunbase_cron_ticks (
            action text not null,
            tick_at integer not null,
            job_id text not null,
            primary key (action, tick_at));
        """;
}
