create table notes (id integer primary key autoincrement, text text not null);
create table reminders_sent (id integer primary key autoincrement, text text not null, sent_at text not null);
