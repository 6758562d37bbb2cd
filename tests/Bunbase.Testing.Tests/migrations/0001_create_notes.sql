create table notes (id bigint generated always as identity primary key, text text not null);
create table reminders_sent (id bigint generated always as identity primary key, text text not null, sent_at text not null);
