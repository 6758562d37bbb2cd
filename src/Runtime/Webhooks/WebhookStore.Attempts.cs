namespace Bunbase.Runtime.Webhooks;

/// <summary>The delivery job's reads and writes: what to send, and each attempt's outcome with the endpoint's failure streak.</summary>
internal sealed partial class WebhookStore
{
    public async Task<WebhookRows.DeliveryRow?> FindDeliveryAsync(string id, CancellationToken cancellationToken) =>
        (await Db(cancellationToken).QueryAsync<WebhookRows.DeliveryRow>(
            $"select {DeliveryColumns} from bunbase_webhook_deliveries d join bunbase_webhook_messages m on m.id = d.message_id where d.id = @Id",
            new { Id = id },
            cancellationToken).ConfigureAwait(false)).FirstOrDefault();

    public async Task<WebhookRows.EndpointRow?> FindEndpointRowAsync(string id, CancellationToken cancellationToken) =>
        (await Db(cancellationToken).QueryAsync<WebhookRows.EndpointRow>(
            $"select {EndpointColumns} from bunbase_webhook_endpoints where id = @Id",
            new { Id = id },
            cancellationToken).ConfigureAwait(false)).FirstOrDefault();

    /// <summary>Marks a delivery that will not be attempted (its endpoint is disabled or gone); an ordered endpoint's next one starts.</summary>
    public Task SkipAsync(string deliveryId, string endpointId, bool ordered, string reason, CancellationToken cancellationToken) =>
        database.CreateSession(cancellationToken).TransactionAsync(
            async tx =>
            {
                if (ordered)
                    await LockEndpointAsync(tx, endpointId, cancellationToken).ConfigureAwait(false);
                await tx.ExecuteAsync(
                    "update bunbase_webhook_deliveries set status = 'skipped', error = @Reason, updated_at = @Now where id = @Id",
                    new { Id = deliveryId, Reason = reason, Now = Now() },
                    cancellationToken).ConfigureAwait(false);
                if (ordered)
                    await StartNextAsync((Data.DatabaseTransaction)tx, endpointId, cancellationToken).ConfigureAwait(false);
                return true;
            },
            cancellationToken: cancellationToken);

    /// <summary>
    /// Records one attempt, the delivery's new status and the endpoint's failure streak (reset by a success);
    /// true when this failure disabled the endpoint.
    /// </summary>
    public Task<bool> RecordAttemptAsync(WebhookAttemptInfo attempt, string endpointId, bool ordered, string status, CancellationToken cancellationToken) =>
        database.CreateSession(cancellationToken).TransactionAsync(
            async tx =>
            {
                var disabled = await RecordInAsync(tx, attempt, endpointId, status, cancellationToken).ConfigureAwait(false);
                if (ordered && (status != "pending" || disabled))
                {
                    await LockEndpointAsync(tx, endpointId, cancellationToken).ConfigureAwait(false);
                    await StartNextAsync((Data.DatabaseTransaction)tx, endpointId, cancellationToken).ConfigureAwait(false);
                }

                return disabled;
            },
            cancellationToken: cancellationToken);

    private async Task<bool> RecordInAsync(ISqlDatabase tx, WebhookAttemptInfo attempt, string endpointId, string status, CancellationToken cancellationToken)
    {
        var now = Now();
        await tx.ExecuteAsync(
            "insert into bunbase_webhook_attempts (delivery_id, attempt, succeeded, response_code, duration_ms, error, response_body, attempted_at) values (@DeliveryId, @Attempt, @Succeeded, @ResponseCode, @DurationMs, @Error, @ResponseBody, @Now)",
            new { attempt.DeliveryId, attempt.Attempt, Succeeded = attempt.Succeeded ? 1 : 0, attempt.ResponseCode, attempt.DurationMs, attempt.Error, attempt.ResponseBody, Now = now },
            cancellationToken).ConfigureAwait(false);
        await tx.ExecuteAsync(
            "update bunbase_webhook_deliveries set attempts = @Attempt, status = @Status, response_code = @ResponseCode, error = @Error, updated_at = @Now where id = @DeliveryId",
            new { attempt.DeliveryId, attempt.Attempt, Status = status, attempt.ResponseCode, attempt.Error, Now = now },
            cancellationToken).ConfigureAwait(false);
        if (attempt.Succeeded)
        {
            await tx.ExecuteAsync("update bunbase_webhook_endpoints set failure_streak = 0 where id = @Id and failure_streak <> 0", new { Id = endpointId }, cancellationToken).ConfigureAwait(false);
            return false;
        }

        await tx.ExecuteAsync("update bunbase_webhook_endpoints set failure_streak = failure_streak + 1, updated_at = @Now where id = @Id", new { Id = endpointId, Now = now }, cancellationToken).ConfigureAwait(false);
        var disabled = await tx.ExecuteAsync(
            "update bunbase_webhook_endpoints set enabled = 0, disabled_reason = @Reason where id = @Id and enabled = 1 and failure_streak >= @Limit",
            new { Id = endpointId, Limit = options.DisableAfterFailures, Reason = $"disabled after {options.DisableAfterFailures} failed attempts in a row" },
            cancellationToken).ConfigureAwait(false) == 1;

        // The endpoint's last chance was this attempt: the delivery fails with it rather than waiting to be skipped.
        if (disabled && status == "pending")
            await tx.ExecuteAsync("update bunbase_webhook_deliveries set status = 'failed' where id = @DeliveryId", new { attempt.DeliveryId }, cancellationToken).ConfigureAwait(false);
        return disabled;
    }
}
