-- Accounts moved to the runtime's accounts module (accounts.enabled): it keeps emails, passwords, sessions and
-- codes in its own tables. users stays as the app's side of each account (its profile, welcome, avatar), made
-- by the create-user-profile subscriber from the module's account-created event. Accounts created before this
-- migration keep their users row but can no longer sign in: sign up again with the same email.
alter table users drop column password_hash;
alter table users add column account_id text;
create unique index users_account_id on users (account_id);

-- Organisation-scoped announcements (guarded by the module's organisation roles).
create table org_announcements (
    id bigint generated always as identity primary key,
    org_id text not null,
    author_id text not null,
    text text not null,
    created_at timestamptz not null default now()
);
create index org_announcements_org on org_announcements (org_id, id);
