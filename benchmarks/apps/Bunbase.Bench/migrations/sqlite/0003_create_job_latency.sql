create table job_latency (ms real not null);
