-- Accounts: sign-up writes them, sign-in reads them, GET /users/{id} shows them.
create table users (
    id bigint generated always as identity primary key,
    email text not null unique,
    name text not null,
    password_hash text not null,
    created_at timestamptz not null default now()
);
