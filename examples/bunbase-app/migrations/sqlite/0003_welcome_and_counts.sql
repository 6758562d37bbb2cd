-- The SQLite dialect of ../0003_welcome_and_counts.sql.
alter table users add column welcomed_at text;
create table note_counts (
    id integer primary key autoincrement,
    counted_at text not null,
    notes integer not null
);
