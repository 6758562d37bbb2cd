-- The welcome-user job marks when it ran; the count-notes cron job writes a row per tick.
alter table users add column welcomed_at timestamptz;
create table note_counts (
    id bigint generated always as identity primary key,
    counted_at timestamptz not null,
    notes bigint not null
);
