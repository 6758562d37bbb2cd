create table notes (id integer primary key autoincrement, text text not null);
