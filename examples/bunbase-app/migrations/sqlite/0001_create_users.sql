-- The SQLite dialect of ../0001_create_users.sql (the embedded database, when no DATABASE_URL is set).
create table users (
    id integer primary key autoincrement,
    email text not null unique,
    name text not null,
    password_hash text not null,
    created_at text not null default (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
