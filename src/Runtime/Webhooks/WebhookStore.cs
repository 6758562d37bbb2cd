using Bunbase.Runtime.Configuration;
using Bunbase.Runtime.Data;
using Bunbase.Runtime.Foundation;
using Bunbase.Runtime.Observability;
using Bunbase.Runtime.Queue;

namespace Bunbase.Runtime.Webhooks;

/// <summary>
/// Outbound endpoints, messages, deliveries and their attempts, in the app's database (shared by the
/// runtime, the admin endpoints and <c>bunbase webhooks</c>). A delivery's job is written in the same
/// transaction as the delivery, so sending and redelivering commit or roll back with the caller's work.
/// </summary>
internal sealed partial class WebhookStore(Database database, IJobStore jobs, WebhooksOptions options, TimeProvider clock)
{
    /// <summary>The job name of a delivery (a <c>:</c> keeps it apart from every action name).</summary>
    public const string DeliveryJob = "bunbase:webhook-delivery";

    private const string EndpointColumns = "id as Id, url as Url, event_types as EventTypes, secret as Secret, description as Description, enabled as Enabled, ordered as Ordered, failure_streak as FailureStreak, disabled_reason as DisabledReason, created_at as CreatedAt";

    private const string DeliveryColumns = "d.id as Id, d.message_id as MessageId, d.endpoint_id as EndpointId, m.type as Type, m.body as Body, d.status as Status, d.attempts as Attempts, d.response_code as ResponseCode, d.error as Error, d.created_at as CreatedAt, d.updated_at as UpdatedAt";

    public Database Database => database;

    public Task EnsureSchemaAsync(CancellationToken cancellationToken) =>
        RuntimeSchema.EnsureAsync(database, WebhookSchema.Ddl, WebhookSchema.Ddl, cancellationToken);

    /// <summary>Registers an endpoint with a new secret; an <paramref name="ordered"/> one gets its deliveries one at a time, in the order they were sent.</summary>
    public async Task<WebhookEndpointInfo> AddEndpointAsync(string url, IReadOnlyList<string> eventTypes, string? description, CancellationToken cancellationToken, bool ordered = false)
    {
        var now = Now();
        var row = new EndpointRow
        {
            Id = "ep_" + Uuid7.New().ToString("N"),
            Url = url,
            EventTypes = string.Join(' ', eventTypes),
            Secret = WebhookSecrets.Generate(),
            Description = description,
            Enabled = 1,
            Ordered = ordered ? 1 : 0,
            CreatedAt = now,
        };
        await Db(cancellationToken).ExecuteAsync(
            "insert into bunbase_webhook_endpoints (id, url, event_types, secret, description, enabled, ordered, failure_streak, created_at, updated_at) values (@Id, @Url, @EventTypes, @Secret, @Description, 1, @Ordered, 0, @CreatedAt, @CreatedAt)",
            row,
            cancellationToken).ConfigureAwait(false);
        return WebhookRows.Endpoint(row, withSecret: true);
    }

    public async Task<IReadOnlyList<WebhookEndpointInfo>> ListEndpointsAsync(CancellationToken cancellationToken) =>
        [.. (await Db(cancellationToken).QueryAsync<EndpointRow>($"select {EndpointColumns} from bunbase_webhook_endpoints order by created_at, id", null, cancellationToken).ConfigureAwait(false))
            .Select(r => WebhookRows.Endpoint(r, withSecret: false))];

    public async Task<WebhookEndpointInfo?> FindEndpointAsync(string id, bool withSecret, CancellationToken cancellationToken) =>
        (await Db(cancellationToken).QueryAsync<EndpointRow>($"select {EndpointColumns} from bunbase_webhook_endpoints where id = @Id", new { Id = id }, cancellationToken).ConfigureAwait(false))
            .Select(r => WebhookRows.Endpoint(r, withSecret)).FirstOrDefault();

    /// <summary>Removes the endpoint; its pending deliveries are skipped (their jobs, if any, then do nothing).</summary>
    public Task<bool> RemoveEndpointAsync(string id, CancellationToken cancellationToken) =>
        database.CreateSession(cancellationToken).TransactionAsync(
            async tx =>
            {
                if (await tx.ExecuteAsync("delete from bunbase_webhook_endpoints where id = @Id", new { Id = id }, cancellationToken).ConfigureAwait(false) == 0)
                    return false;
                await tx.ExecuteAsync(
                    "update bunbase_webhook_deliveries set status = 'skipped', error = 'the endpoint was removed', updated_at = @Now where endpoint_id = @Id and status = 'pending'",
                    new { Id = id, Now = Now() },
                    cancellationToken).ConfigureAwait(false);
                return true;
            },
            cancellationToken: cancellationToken);

    /// <summary>Enables (its failure streak reset) or disables an endpoint.</summary>
    public async Task<bool> SetEnabledAsync(string id, bool enabled, CancellationToken cancellationToken) =>
        await Db(cancellationToken).ExecuteAsync(
            "update bunbase_webhook_endpoints set enabled = @Enabled, failure_streak = 0, disabled_reason = @Reason, updated_at = @Now where id = @Id",
            new { Id = id, Enabled = enabled ? 1 : 0, Reason = enabled ? null : "disabled by an operator", Now = Now() },
            cancellationToken).ConfigureAwait(false) == 1;

    public async Task<IReadOnlyList<WebhookDeliveryInfo>> ListDeliveriesAsync(string? endpointId, string? status, int limit, CancellationToken cancellationToken) =>
        [.. (await Db(cancellationToken).QueryAsync<DeliveryRow>(
            $"select {DeliveryColumns} from bunbase_webhook_deliveries d join bunbase_webhook_messages m on m.id = d.message_id"
            + " where (@Endpoint is null or d.endpoint_id = @Endpoint) and (@Status is null or d.status = @Status) order by d.created_at desc, d.id desc limit @Limit",
            new { Endpoint = endpointId, Status = status, Limit = limit },
            cancellationToken).ConfigureAwait(false)).Select(WebhookRows.Delivery)];

    public async Task<IReadOnlyList<WebhookAttemptInfo>> ListAttemptsAsync(string deliveryId, CancellationToken cancellationToken) =>
        [.. (await Db(cancellationToken).QueryAsync<AttemptRow>(
            "select delivery_id as DeliveryId, attempt as Attempt, succeeded as Succeeded, response_code as ResponseCode, duration_ms as DurationMs, error as Error, response_body as ResponseBody, attempted_at as AttemptedAt"
            + " from bunbase_webhook_attempts where delivery_id = @Id order by attempt",
            new { Id = deliveryId },
            cancellationToken).ConfigureAwait(false)).Select(WebhookRows.Attempt)];

    /// <summary>Sends a finished delivery again (a new job; its attempts keep counting). False when there is no such delivery or it is still pending.</summary>
    public Task<bool> RedeliverAsync(string deliveryId, CancellationToken cancellationToken) =>
        database.CreateSession(cancellationToken).TransactionAsync(
            async tx =>
            {
                var endpoint = (await tx.QueryAsync<EndpointRow>(
                    "select e.id as Id, e.ordered as Ordered from bunbase_webhook_deliveries d join bunbase_webhook_endpoints e on e.id = d.endpoint_id where d.id = @Id",
                    new { Id = deliveryId },
                    cancellationToken).ConfigureAwait(false)).FirstOrDefault();
                if (endpoint?.Ordered == 1)
                    await LockEndpointAsync(tx, endpoint.Id, cancellationToken).ConfigureAwait(false);
                var changed = await tx.ExecuteAsync(
                    "update bunbase_webhook_deliveries set status = 'pending', error = null, updated_at = @Now where id = @Id and status <> 'pending'",
                    new { Id = deliveryId, Now = Now() },
                    cancellationToken).ConfigureAwait(false);
                if (changed == 0)
                    return false;

                // An ordered endpoint's delivery in flight sends this one after it (the oldest pending goes next).
                if (endpoint?.Ordered != 1 || await PendingCountAsync(tx, endpoint.Id, cancellationToken).ConfigureAwait(false) == 1)
                    await EnqueueDeliveryAsync((DatabaseTransaction)tx, deliveryId, cancellationToken).ConfigureAwait(false);
                return true;
            },
            cancellationToken: cancellationToken);

    /// <summary>Forgets deliveries, attempts and messages older than <c>webhooks.retentionDays</c>, and expired receipts.</summary>
    public async Task HousekeepAsync(CancellationToken cancellationToken)
    {
        var db = Db(cancellationToken);
        var before = Now() - ((long)options.RetentionDays * 86_400_000);
        await db.ExecuteAsync("delete from bunbase_webhook_attempts where attempted_at < @Before", new { Before = before }, cancellationToken).ConfigureAwait(false);
        await db.ExecuteAsync("delete from bunbase_webhook_deliveries where updated_at < @Before and status <> 'pending'", new { Before = before }, cancellationToken).ConfigureAwait(false);
        await db.ExecuteAsync(
            "delete from bunbase_webhook_messages where created_at < @Before and not exists (select 1 from bunbase_webhook_deliveries d where d.message_id = bunbase_webhook_messages.id)",
            new { Before = before },
            cancellationToken).ConfigureAwait(false);
        await WebhookReceipts.ForgetExpiredAsync(db, clock.GetUtcNow(), cancellationToken).ConfigureAwait(false);
    }

    internal Task EnqueueDeliveryAsync(DatabaseTransaction transaction, string deliveryId, CancellationToken cancellationToken) =>
        jobs.EnqueueAsync(
            new NewJob(
                Uuid7.New(),
                "default",
                DeliveryJob,
                JobInputOf(deliveryId),
                0,
                null,
                0,
                options.MaxAttempts,
                JobTraceContext.Capture(),
                null,
                0),
            transaction,
            cancellationToken);

    internal long Now() => clock.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>Statements on the primary (operators read what was just written).</summary>
    internal ISqlDatabase Db(CancellationToken cancellationToken) => database.CreateSession(cancellationToken).Primary;

    internal sealed record DeliveryJobInput(string DeliveryId);
}
