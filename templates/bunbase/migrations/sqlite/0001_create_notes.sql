-- The SQLite dialect of ../0001_create_notes.sql (used with the embedded database).
create table notes (
    id integer primary key autoincrement,
    text text not null,
    created_at text not null default (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
