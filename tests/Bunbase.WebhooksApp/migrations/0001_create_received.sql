-- One row per webhook job that ran (the tests count them).
create table received (
    webhook text not null,
    delivery_id text not null,
    body text not null,
    attempt integer not null);
