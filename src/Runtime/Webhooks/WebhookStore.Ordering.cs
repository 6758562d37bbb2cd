using Bunbase.Runtime.Data;

namespace Bunbase.Runtime.Webhooks;

/// <summary>
/// Ordered endpoints: at most one of an endpoint's deliveries has a job at a time. A new delivery gets one only
/// when no other is pending; when one finishes (delivered, failed for good, skipped), the oldest pending one gets
/// the next. Senders and finishers of one endpoint serialise on a transaction lock (PostgreSQL's advisory lock;
/// the embedded file has one writer at a time, and each writes before it reads), so no delivery is left without a job.
/// </summary>
internal sealed partial class WebhookStore
{
    /// <summary>"bunbasew" in ASCII, truncated: the lock class of ordered endpoints.</summary>
    private const int LockClass = 0x62756e62;

    internal async Task LockEndpointAsync(ISqlDatabase transaction, string endpointId, CancellationToken cancellationToken)
    {
        if (database.Backend == DatabaseBackend.PostgreSql)
            await transaction.ExecuteAsync("select pg_advisory_xact_lock(@Class, hashtext(@Id))", new { Class = LockClass, Id = endpointId }, cancellationToken).ConfigureAwait(false);
    }

    internal Task<long> PendingCountAsync(ISqlDatabase transaction, string endpointId, CancellationToken cancellationToken) =>
        transaction.QuerySingleAsync<long>(
            "select count(*) from bunbase_webhook_deliveries where endpoint_id = @Id and status = 'pending'",
            new { Id = endpointId },
            cancellationToken);

    /// <summary>Gives the job to the oldest pending delivery of an ordered endpoint, once the one in flight has finished.</summary>
    internal async Task StartNextAsync(DatabaseTransaction transaction, string endpointId, CancellationToken cancellationToken)
    {
        var next = await transaction.QueryFirstOrDefaultAsync<string>(
            "select id from bunbase_webhook_deliveries where endpoint_id = @Id and status = 'pending' order by created_at, id limit 1",
            new { Id = endpointId },
            cancellationToken).ConfigureAwait(false);
        if (next is not null)
            await EnqueueDeliveryAsync(transaction, next, cancellationToken).ConfigureAwait(false);
    }
}
