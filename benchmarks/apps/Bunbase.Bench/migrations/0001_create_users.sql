-- The db-read scenario's table: 10,000 users, read by primary key.
create table users (
    id bigint generated always as identity primary key,
    name text not null,
    email text not null
);
insert into users (name, email)
select 'user ' || n, 'user' || n || '@example.com' from generate_series(1, 10000) as n;
