namespace Bunbase.Runtime.Subscriptions;

/// <summary>
/// The subscriptions' tables: each subscription's partitions (position: every event of the partition
/// up to it is handled; lease: which instance handles it, until when), the instances taking part
/// (heartbeats, so each knows its share), and the dead letters (events parked after their last attempt).
/// </summary>
internal static class SubscriptionSchema
{
    public const string PostgreSql = """
        create table if not exists bunbase_subscription_partitions (
            subscription text not null,
            partition integer not null,
            partitions integer not null,
            position bigint not null default 0,
            lease_owner text,
            lease_until timestamptz,
            updated_at timestamptz not null default now(),
            primary key (subscription, partition));
        create table if not exists bunbase_subscription_members (
            subscription text not null,
            member text not null,
            seen_until timestamptz not null,
            primary key (subscription, member));
        create table if not exists bunbase_subscription_dead (
            id uuid primary key,
            subscription text not null,
            event_id uuid not null,
            global_position bigint not null,
            stream text not null,
            type text not null,
            partition integer not null,
            error text not null,
            attempts integer not null,
            status text not null default 'parked' check (status in ('parked', 'retrying')),
            died_at timestamptz not null default now(),
            unique (subscription, event_id));
        create index if not exists bunbase_subscription_dead_retrying on bunbase_subscription_dead (subscription, partition) where status = 'retrying';
        """;

    /// <summary>Times are milliseconds since the Unix epoch from the process's clock (one process only).</summary>
    public const string Sqlite = """
        create table if not exists bunbase_subscription_partitions (
            subscription text not null,
            partition integer not null,
            partitions integer not null,
            position integer not null default 0,
            lease_owner text,
            lease_until integer,
            updated_at integer not null,
            primary key (subscription, partition));
        create table if not exists bunbase_subscription_members (
            subscription text not null,
            member text not null,
            seen_until integer not null,
            primary key (subscription, member));
        create table if not exists bunbase_subscription_dead (
            id text primary key,
            subscription text not null,
            event_id text not null,
            global_position integer not null,
            stream text not null,
            type text not null,
            partition integer not null,
            error text not null,
            attempts integer not null,
            status text not null default 'parked' check (status in ('parked', 'retrying')),
            died_at integer not null,
            unique (subscription, event_id));
        create index if not exists bunbase_subscription_dead_retrying on bunbase_subscription_dead (subscription, partition) where status = 'retrying';
        """;
}
