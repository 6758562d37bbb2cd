-- The SQLite dialect of ../0001_create_users.sql.
create table users (
    id integer primary key autoincrement,
    name text not null,
    email text not null
);
with recursive n(i) as (select 1 union all select i + 1 from n where i < 10000)
insert into users (name, email) select 'user ' || i, 'user' || i || '@example.com' from n;
