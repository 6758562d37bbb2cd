create table notes (
    id bigint generated always as identity primary key,
    title text not null,
    body text not null,
    created_at timestamptz not null default now()
);
