-- The SQLite dialect of ../0011_accounts_module.sql.
alter table users drop column password_hash;
alter table users add column account_id text;
create unique index users_account_id on users (account_id);

create table org_announcements (
    id integer primary key autoincrement,
    org_id text not null,
    author_id text not null,
    text text not null,
    created_at text not null default (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
create index org_announcements_org on org_announcements (org_id, id);
