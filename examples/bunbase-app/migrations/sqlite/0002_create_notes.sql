-- The SQLite dialect of ../0002_create_notes.sql.
create table notes (
    id integer primary key autoincrement,
    title text not null,
    body text not null,
    created_at text not null default (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
