namespace Bunbase.Runtime.Subscriptions;

/// <content>The embedded SQLite file, for one process: times are milliseconds since the epoch from the process's clock; positions are saved one row at a time.</content>
internal sealed partial class SubscriptionStatements
{
    public static SubscriptionStatements Sqlite { get; } = new()
    {
        EnsurePartitions = """
            with recursive g(n) as (select 0 union all select n + 1 from g where n + 1 < @Partitions)
            insert into bunbase_subscription_partitions (subscription, partition, partitions, updated_at)
            select @Subscription, n, @Partitions, @Now from g
            where not exists (select 1 from bunbase_subscription_partitions where subscription = @Subscription)
            on conflict do nothing;
            select count(*) from bunbase_subscription_partitions where subscription = @Subscription;
            """,
        Heartbeat = """
            insert into bunbase_subscription_members (subscription, member, seen_until) values (@Subscription, @Member, @Now + @LeaseMs)
            on conflict (subscription, member) do update set seen_until = excluded.seen_until;
            delete from bunbase_subscription_members where subscription = @Subscription and seen_until < @Now;
            select count(*) from bunbase_subscription_members where subscription = @Subscription;
            """,
        Leave = "delete from bunbase_subscription_members where subscription = @Subscription and member = @Member",
        ExtendLeases = "update bunbase_subscription_partitions set lease_until = @Now + @LeaseMs where subscription = @Subscription and lease_owner = @Member returning partition",
        Claim = """
            update bunbase_subscription_partitions set lease_owner = @Member, lease_until = @Now + @LeaseMs, updated_at = @Now
            where subscription = @Subscription and partition in (
                select partition from bunbase_subscription_partitions
                where subscription = @Subscription and (lease_owner is null or lease_until < @Now)
                order by partition limit @Max)
            returning partition, position
            """,
        Save = "update bunbase_subscription_partitions set position = max(position, @Position), updated_at = @Now where subscription = @Subscription and partition = @Partition and lease_owner = @Member",
        Release = "update bunbase_subscription_partitions set position = max(position, @Position), lease_owner = null, lease_until = null, updated_at = @Now where subscription = @Subscription and partition = @Partition and lease_owner = @Member",
        Head = "select coalesce(max(global_position), 0) from bunbase_events",
        Read = """
            select e.global_position, e.id, e.stream, e.type, e.version, e.partition_key, e.data, e.metadata, e.created_at from bunbase_events e
            where e.global_position > @From and (e.type in @Types or e.category in @Categories)
                and e.partition_key % @Partitions in @Owned
            order by e.global_position limit @Limit
            """,
        Park = """
            insert into bunbase_subscription_dead (id, subscription, event_id, global_position, stream, type, partition, error, attempts, died_at)
            values (@Id, @Subscription, @EventId, @GlobalPosition, @Stream, @Type, @Partition, @Error, @Attempts, @Now)
            on conflict (subscription, event_id) do update set error = excluded.error, attempts = excluded.attempts, status = 'parked', died_at = excluded.died_at
            """,
        ListDead = """
            select id, subscription, event_id, global_position, stream, type, error, attempts, status, died_at from bunbase_subscription_dead
            where (@Subscription is null or subscription = @Subscription)
            order by died_at desc limit @Limit
            """,
        RetryDead = "update bunbase_subscription_dead set status = 'retrying' where id = @Id and status = 'parked'",
        SkipDead = "delete from bunbase_subscription_dead where id = @Id",
        TakeRetrying = """
            select d.id as dead_id, d.attempts as dead_attempts, e.global_position, e.id, e.stream, e.type, e.version, e.partition_key, e.data, e.metadata, e.created_at
            from bunbase_subscription_dead d join bunbase_events e on e.id = d.event_id
            where d.subscription = @Subscription and d.status = 'retrying' and d.partition in @Owned
            order by e.global_position limit 100
            """,
        ResolveDead = "delete from bunbase_subscription_dead where id = @Id",
        Partitions = """
            select p.subscription, p.partition, p.partitions, p.position, case when p.lease_until >= @Now then p.lease_owner end as owner,
                (select coalesce(max(global_position), 0) from bunbase_events) as head
            from bunbase_subscription_partitions p order by p.subscription, p.partition
            """,
        NotifyRetry = null,
        SavesArrays = false,
    };
}
