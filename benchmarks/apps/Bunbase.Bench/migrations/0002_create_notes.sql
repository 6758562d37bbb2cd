-- The db-write scenario's table.
create table notes (
    id bigint generated always as identity primary key,
    title text not null,
    body text not null
);
