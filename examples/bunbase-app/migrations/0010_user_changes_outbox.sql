-- Changes to users, by this app or any other program, land in an outbox table through a trigger;
-- the publish-user-changes action turns its rows into events (see README, "Events from database changes").
create table user_changes (
    seq bigint generated always as identity primary key, -- the order changes were made in
    id text not null unique default gen_random_uuid()::text,
    user_id bigint not null,
    operation text not null,
    data jsonb not null,
    changed_at timestamptz not null default clock_timestamp()
);

create function user_changes_capture() returns trigger language plpgsql as $$
begin
    insert into user_changes (user_id, operation, data)
    values (coalesce(new.id, old.id), lower(tg_op), to_jsonb(coalesce(new, old)) - 'password_hash');
    return null;
end $$;

create trigger user_changes_capture after insert or update or delete on users
    for each row execute function user_changes_capture();
