-- The job latency scenario: one row per job, how long after its enqueue it started.
create table job_latency (ms double precision not null);
