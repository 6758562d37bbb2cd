using System.Text.Json;

namespace Bunbase.Runtime.Webhooks;

/// <summary>
/// Deliveries left pending without a job. The delivery job records each attempt's outcome before it ends, so a pending
/// delivery has a job waiting or running, unless that job ended without recording one: the database refused the write
/// on its last attempt (an outage is waited out, the job staying leased), or an operator purged it. Such a delivery would stay
/// pending for ever and, on an ordered endpoint, hold back every later one. <see cref="FailStalledAsync"/> (run every
/// minute) marks it failed with its job's last error and starts an ordered endpoint's next delivery; an operator can
/// redeliver it.
/// </summary>
internal sealed partial class WebhookStore
{
    /// <summary>A delivery job's input around the delivery id, as <see cref="EnqueueDeliveryAsync"/> writes it.</summary>
    private static readonly string[] JobInputParts = JobInputOf("#id#").Split("#id#");

    /// <summary>
    /// A pending delivery with no live job; on an ordered endpoint only the oldest pending one, and only when none of the
    /// endpoint's pending deliveries has a job (the others wait for it by design).
    /// </summary>
    private const string StalledSql = """
        select d.id as Id, d.endpoint_id as EndpointId, e.ordered as Ordered
        from bunbase_webhook_deliveries d join bunbase_webhook_endpoints e on e.id = d.endpoint_id
        where d.status = 'pending' and (@Id is null or d.id = @Id)
          and not exists (select 1 from bunbase_jobs j where j.action = @Job and j.status <> 'dead' and j.input = @Before || d.id || @After)
          and (e.ordered = 0 or (
            d.id = (select o.id from bunbase_webhook_deliveries o where o.endpoint_id = d.endpoint_id and o.status = 'pending' order by o.created_at, o.id limit 1)
            and not exists (
              select 1 from bunbase_webhook_deliveries p join bunbase_jobs j on j.action = @Job and j.status <> 'dead' and j.input = @Before || p.id || @After
              where p.endpoint_id = d.endpoint_id and p.status = 'pending')))
        order by d.created_at
        limit 100
        """;

    internal static string JobInputOf(string deliveryId) => JsonSerializer.Serialize(new DeliveryJobInput(deliveryId));

    /// <summary>Fails the deliveries whose job ended without an outcome (see the type's remarks); the number failed.</summary>
    public async Task<int> FailStalledAsync(CancellationToken cancellationToken)
    {
        var failed = 0;
        foreach (var stalled in await FindStalledAsync(Db(cancellationToken), null, cancellationToken).ConfigureAwait(false))
        {
            var done = await database.CreateSession(cancellationToken).TransactionAsync(
                async tx =>
                {
                    var ordered = stalled.Ordered == 1;
                    if (ordered)
                        await LockEndpointAsync(tx, stalled.EndpointId, cancellationToken).ConfigureAwait(false);

                    // Under the endpoint's lock (or the embedded file's one writer) it is checked again: its job may have
                    // been retried meanwhile, or another instance's sweep got there first.
                    if ((await FindStalledAsync(tx, stalled.Id, cancellationToken).ConfigureAwait(false)).Count == 0)
                        return false;
                    var lastError = await tx.QueryFirstOrDefaultAsync<string>(
                        "select last_error from bunbase_jobs where action = @Job and status = 'dead' and input = @Input order by died_at desc limit 1",
                        new { Job = DeliveryJob, Input = JobInputOf(stalled.Id) },
                        cancellationToken).ConfigureAwait(false);
                    await tx.ExecuteAsync(
                        "update bunbase_webhook_deliveries set status = 'failed', error = @Error, updated_at = @Now where id = @Id and status = 'pending'",
                        new { stalled.Id, Error = "its delivery job ended without recording an outcome" + (lastError is null ? "" : ": " + lastError), Now = Now() },
                        cancellationToken).ConfigureAwait(false);
                    if (ordered)
                        await StartNextAsync((Data.DatabaseTransaction)tx, stalled.EndpointId, cancellationToken).ConfigureAwait(false);
                    return true;
                },
                cancellationToken: cancellationToken).ConfigureAwait(false);
            if (done)
                failed++;
        }

        return failed;
    }

    private static async Task<IReadOnlyList<StalledDelivery>> FindStalledAsync(ISqlDatabase db, string? id, CancellationToken cancellationToken) =>
        [.. await db.QueryAsync<StalledDelivery>(
            StalledSql,
            new { Id = id, Job = DeliveryJob, Before = JobInputParts[0], After = JobInputParts[1] },
            cancellationToken).ConfigureAwait(false)];

    /// <summary>A row as both engines return it (the flag is an integer).</summary>
    private sealed class StalledDelivery
    {
        public string Id { get; set; } = "";

        public string EndpointId { get; set; } = "";

        public long Ordered { get; set; }
    }
}
