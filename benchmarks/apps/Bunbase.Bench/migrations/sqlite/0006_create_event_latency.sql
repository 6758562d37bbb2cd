-- The subscriber latency scenario: one row per event, how long after its publish its handler started.
create table event_latency (ms real not null);
