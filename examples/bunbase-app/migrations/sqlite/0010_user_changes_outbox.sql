-- The SQLite dialect of ../0010_user_changes_outbox.sql.
create table user_changes (
    seq integer primary key autoincrement, -- the order changes were made in
    id text not null unique,
    user_id integer not null,
    operation text not null,
    data text not null,
    changed_at text not null default (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

create trigger user_changes_insert after insert on users begin
    insert into user_changes (id, user_id, operation, data)
    values (lower(hex(randomblob(16))), new.id, 'insert', json_object('id', new.id, 'email', new.email, 'name', new.name));
end;

create trigger user_changes_update after update on users begin
    insert into user_changes (id, user_id, operation, data)
    values (lower(hex(randomblob(16))), new.id, 'update', json_object('id', new.id, 'email', new.email, 'name', new.name));
end;

create trigger user_changes_delete after delete on users begin
    insert into user_changes (id, user_id, operation, data)
    values (lower(hex(randomblob(16))), old.id, 'delete', json_object('id', old.id, 'email', old.email, 'name', old.name));
end;
