namespace Bunbase.Runtime.Webhooks;

/// <summary>
/// The webhooks' tables, the same SQL on both engines: ids are text, times are milliseconds since the
/// Unix epoch from the process's clock, flags are integers. Receipts remember inbound delivery ids (so a
/// replay is refused on any instance); endpoints, messages, deliveries and attempts are the outbound side
/// and its delivery log.
/// </summary>
internal static class WebhookSchema
{
    public const string Ddl = """
        create table if not exists bunbase_webhook_receipts (
            webhook text not null,
            delivery_id text not null,
            job_id text not null,
            received_at bigint not null,
            expires_at bigint not null,
            primary key (webhook, delivery_id));
        create index if not exists bunbase_webhook_receipts_expiry on bunbase_webhook_receipts (expires_at);
        create table if not exists bunbase_webhook_endpoints (
            id text primary key,
            url text not null,
            event_types text not null,
            secret text not null,
            description text,
            enabled integer not null,
            ordered integer not null,
            failure_streak integer not null,
            disabled_reason text,
            created_at bigint not null,
            updated_at bigint not null);
        create table if not exists bunbase_webhook_messages (
            id text primary key,
            type text not null,
            body text not null,
            created_at bigint not null);
        create table if not exists bunbase_webhook_deliveries (
            id text primary key,
            message_id text not null,
            endpoint_id text not null,
            status text not null,
            attempts integer not null,
            response_code integer,
            error text,
            created_at bigint not null,
            updated_at bigint not null);
        create index if not exists bunbase_webhook_deliveries_endpoint on bunbase_webhook_deliveries (endpoint_id, created_at);
        create index if not exists bunbase_webhook_deliveries_created on bunbase_webhook_deliveries (created_at);
        create index if not exists bunbase_webhook_deliveries_pending on bunbase_webhook_deliveries (endpoint_id, created_at) where status = 'pending';
        create table if not exists bunbase_webhook_attempts (
            delivery_id text not null,
            attempt integer not null,
            succeeded integer not null,
            response_code integer,
            duration_ms double precision not null,
            error text,
            response_body text,
            attempted_at bigint not null,
            primary key (delivery_id, attempt));
        """;
}
