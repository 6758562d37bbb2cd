namespace Bunbase.Runtime.Subscriptions;

/// <content>PostgreSQL, shared by every instance: times from the server's clock; claims skip rows another instance is claiming.</content>
internal sealed partial class SubscriptionStatements
{
    private const string EventColumns = "e.global_position, e.id, e.stream, e.type, e.version, e.partition_key, e.data, e.metadata, e.created_at";

    public static SubscriptionStatements PostgreSql { get; } = new()
    {
        EnsurePartitions = """
            insert into bunbase_subscription_partitions (subscription, partition, partitions)
            select @Subscription, g, @Partitions from generate_series(0, @Partitions - 1) g
            where not exists (select 1 from bunbase_subscription_partitions where subscription = @Subscription)
            on conflict do nothing;
            select count(*) from bunbase_subscription_partitions where subscription = @Subscription;
            """,
        Heartbeat = """
            with me as (
                insert into bunbase_subscription_members (subscription, member, seen_until) values (@Subscription, @Member, now() + @LeaseMs * interval '1 millisecond')
                on conflict (subscription, member) do update set seen_until = excluded.seen_until
                returning 1),
            gone as (delete from bunbase_subscription_members where subscription = @Subscription and seen_until < now() returning 1)
            select 1 + count(*) from bunbase_subscription_members where subscription = @Subscription and member <> @Member and seen_until >= now()
            """,
        Leave = "delete from bunbase_subscription_members where subscription = @Subscription and member = @Member",
        ExtendLeases = """
            update bunbase_subscription_partitions set lease_until = now() + @LeaseMs * interval '1 millisecond'
            where subscription = @Subscription and lease_owner = @Member
            returning partition
            """,
        Claim = """
            update bunbase_subscription_partitions p set lease_owner = @Member, lease_until = now() + @LeaseMs * interval '1 millisecond', updated_at = now()
            from (
                select partition from bunbase_subscription_partitions
                where subscription = @Subscription and (lease_owner is null or lease_until < now())
                order by partition limit @Max
                for update skip locked) free
            where p.subscription = @Subscription and p.partition = free.partition
            returning p.partition, p.position
            """,
        Save = """
            update bunbase_subscription_partitions p set position = greatest(p.position, v.position), updated_at = now()
            from unnest(@Parts::integer[], @Positions::bigint[]) v(partition, position)
            where p.subscription = @Subscription and p.partition = v.partition and p.lease_owner = @Member
            returning p.partition
            """,
        Release = """
            update bunbase_subscription_partitions p set position = greatest(p.position, v.position), lease_owner = null, lease_until = null, updated_at = now()
            from unnest(@Parts::integer[], @Positions::bigint[]) v(partition, position)
            where p.subscription = @Subscription and p.partition = v.partition and p.lease_owner = @Member
            returning p.partition
            """,
        Head = "select coalesce(max(global_position), 0) from bunbase_events",
        Read = $"""
            select {EventColumns} from bunbase_events e
            where e.global_position > @From and (e.type = any(@Types) or e.category = any(@Categories))
                and e.partition_key % @Partitions = any(@Owned)
            order by e.global_position limit @Limit
            """,
        Park = """
            insert into bunbase_subscription_dead (id, subscription, event_id, global_position, stream, type, partition, error, attempts)
            values (@Id, @Subscription, @EventId, @GlobalPosition, @Stream, @Type, @Partition, @Error, @Attempts)
            on conflict (subscription, event_id) do update set error = excluded.error, attempts = excluded.attempts, status = 'parked', died_at = now()
            """,
        ListDead = """
            select id, subscription, event_id, global_position, stream, type, error, attempts, status, died_at from bunbase_subscription_dead
            where (@Subscription::text is null or subscription = @Subscription)
            order by died_at desc limit @Limit
            """,
        RetryDead = "update bunbase_subscription_dead set status = 'retrying' where id = @Id and status = 'parked'",
        SkipDead = "delete from bunbase_subscription_dead where id = @Id",
        TakeRetrying = $"""
            select d.id as dead_id, d.attempts as dead_attempts, {EventColumns} from bunbase_subscription_dead d join bunbase_events e on e.id = d.event_id
            where d.subscription = @Subscription and d.status = 'retrying' and d.partition = any(@Owned)
            order by e.global_position limit 100
            """,
        ResolveDead = "delete from bunbase_subscription_dead where id = @Id",
        Partitions = """
            select p.subscription, p.partition, p.partitions, p.position, case when p.lease_until >= now() then p.lease_owner end as owner,
                (select coalesce(max(global_position), 0) from bunbase_events) as head
            from bunbase_subscription_partitions p order by p.subscription, p.partition
            """,
        NotifyRetry = "select pg_notify('" + RetryChannel + "', '')",
        SavesArrays = true,
    };
}
