namespace Bunbase.Runtime.Webhooks;

/// <summary>
/// The inbound delivery ids seen, in the database so every instance shares them: an id is accepted once
/// per dedup window (an expired receipt is taken over), in the transaction that enqueues its job.
/// </summary>
internal static class WebhookReceipts
{
    private const string Take = """
        insert into bunbase_webhook_receipts (webhook, delivery_id, job_id, received_at, expires_at)
        values (@Webhook, @DeliveryId, @JobId, @Now, @ExpiresAt)
        on conflict (webhook, delivery_id) do update
            set job_id = excluded.job_id, received_at = excluded.received_at, expires_at = excluded.expires_at
            where bunbase_webhook_receipts.expires_at <= excluded.received_at
        """;

    /// <summary>Records the id; false when it is already there and not expired (a replay).</summary>
    public static async Task<bool> TakeAsync(ISqlDatabase transaction, string webhook, string deliveryId, Guid jobId, DateTimeOffset now, TimeSpan window, CancellationToken cancellationToken)
    {
        var nowMs = now.ToUnixTimeMilliseconds();
        var rows = await transaction.ExecuteAsync(
            Take,
            new { Webhook = webhook, DeliveryId = deliveryId, JobId = jobId.ToString("D"), Now = nowMs, ExpiresAt = nowMs + (long)window.TotalMilliseconds },
            cancellationToken).ConfigureAwait(false);
        return rows == 1;
    }

    /// <summary>Forgets expired receipts, a bounded batch at a time.</summary>
    public static Task<int> ForgetExpiredAsync(ISqlDatabase database, DateTimeOffset now, CancellationToken cancellationToken) =>
        database.ExecuteAsync(
            "delete from bunbase_webhook_receipts where webhook || ' ' || delivery_id in (select webhook || ' ' || delivery_id from bunbase_webhook_receipts where expires_at < @Now limit 5000)",
            new { Now = now.ToUnixTimeMilliseconds() },
            cancellationToken);
}
