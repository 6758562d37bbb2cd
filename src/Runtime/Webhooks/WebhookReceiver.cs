using System.Diagnostics;
using Bunbase.Runtime.Data;
using Bunbase.Runtime.Http;
using Bunbase.Runtime.Observability;
using Bunbase.Runtime.Pipeline;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Bunbase.Runtime.Webhooks;

/// <summary>
/// The HTTP side of one inbound webhook (<c>POST /_webhooks/{name}</c>): checks the signature headers
/// before it reads the body (a delivery whose headers are missing, malformed or stale is answered at once,
/// its body neither waited for nor buffered, and its connection closed), reads the raw body, verifies it
/// (<see cref="WebhookVerifier"/>), then in one transaction enqueues the action's job and records the
/// delivery id (a replay rolls the job back), and answers 202 only after the commit: an acknowledged
/// delivery is never lost. Refusals are 4xx problems, counted by code; nothing runs for them.
/// </summary>
internal sealed class WebhookReceiver(InboundWebhook webhook, IJobEnqueuer jobs, Database database, ProblemResponses problems, TimeProvider clock)
{
    /// <summary>Headers not kept in the job's input: the signature (already checked) and credentials.</summary>
    private static readonly HashSet<string> Dropped = new(StringComparer.OrdinalIgnoreCase) { "authorization", "cookie", "proxy-authorization" };

    public async Task HandleAsync(HttpContext http)
    {
        var cancellation = http.RequestAborted;
        string outcome;
        var bodyRead = false;
        try
        {
            var signed = WebhookVerifier.ReadHeaders(webhook, http.Request.Headers, clock.GetUtcNow());
            bodyRead = true;
            var body = await ReadBodyAsync(http.Request, cancellation).ConfigureAwait(false);
            var delivery = WebhookVerifier.Verify(webhook, signed, body);
            var input = new WebhookRequest(webhook.Name, delivery.Id, delivery.Timestamp, http.Request.ContentType, body, Headers(http.Request.Headers));
            var session = database.CreateSession(cancellation);
            var jobId = await session.TransactionAsync(
                async tx =>
                {
                    var id = await jobs.EnqueueAsync(webhook.Action, input, null, (DatabaseTransaction)tx, cancellation).ConfigureAwait(false);
                    if (!await WebhookReceipts.TakeAsync(tx, webhook.Name, delivery.Id, id, clock.GetUtcNow(), webhook.DedupWindow, cancellation).ConfigureAwait(false))
                        throw WebhookRefusal.Replayed();
                    return id;
                },
                cancellationToken: cancellation).ConfigureAwait(false);
            outcome = "accepted";
            http.Response.StatusCode = StatusCodes.Status202Accepted;
            http.Response.Headers.CacheControl = "no-store";
            await http.Response.WriteAsJsonAsync(new Accepted(delivery.Id, jobId), cancellation).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            outcome = ex is WebhookRefusal refusal ? refusal.Code : "error";

            // Refused on its headers, with its body unread: the connection is not reused (Kestrel discards what
            // arrives of the body for at most its drain timeout, so that the client gets this answer, then closes).
            if (!bodyRead && http.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody == true)
                http.Response.Headers.Connection = "close";
            await problems.WriteExceptionAsync(http, "webhook " + webhook.Name, ex).ConfigureAwait(false);
        }

        RuntimeInstruments.WebhooksReceived.Add(1, new TagList { { "webhook", webhook.Name }, { "outcome", outcome } });
    }

    private static async Task<byte[]> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        // Kestrel enforces maxRequestBodySize while this reads (a larger body is a 413). The announced length sizes the
        // buffer only up to 64 KiB: headers that merely look right must not reserve a megabyte before a byte arrives.
        using var buffer = new MemoryStream(request.ContentLength is > 0 and var length ? (int)Math.Min(length, 1 << 16) : 4096);
        await request.Body.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        return buffer.ToArray();
    }

    private Dictionary<string, string> Headers(IHeaderDictionary headers)
    {
        var kept = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, values) in headers)
        {
            if (Dropped.Contains(name) || string.Equals(name, webhook.SignatureHeader, StringComparison.OrdinalIgnoreCase))
                continue;
            kept[name.ToLowerInvariant()] = values.ToString();
        }

        return kept;
    }

    private sealed record Accepted(string Id, Guid JobId);
}
