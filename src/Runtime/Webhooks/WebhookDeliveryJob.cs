using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Bunbase.Runtime.Configuration;
using Bunbase.Runtime.Data;
using Bunbase.Runtime.Discovery;
using Bunbase.Runtime.Foundation;
using Bunbase.Runtime.Observability;
using Bunbase.Runtime.Queue;
using Microsoft.Extensions.Logging;

namespace Bunbase.Runtime.Webhooks;

/// <summary>
/// One attempt of one delivery, run by the queue (so it is leased, retried with <c>webhooks.backoffMs</c>
/// doubling, and dead after <c>webhooks.maxAttempts</c>): signs the message with the endpoint's secret
/// (Standard Webhooks, a fresh timestamp per attempt), posts it, and records the attempt. A 2xx delivers
/// it; anything else (another status, a timeout, a refused connection) fails the attempt, which throws
/// so the queue retries it; an address the policy refuses fails the delivery at once.
/// </summary>
internal sealed partial class WebhookDeliveryJob(WebhookStore store, WebhookHttp http, WebhooksOptions options, TimeProvider clock, ILogger<WebhookDeliveryJob> logger) : IRuntimeJob
{
    public string Name => WebhookStore.DeliveryJob;

    public JobSettings Settings { get; } = JobSettings.ForRuntime(TimeSpan.FromMilliseconds(options.BackoffMs), TimeSpan.FromMilliseconds(options.MaxBackoffMs));

    public async Task RunAsync(ClaimedJob job, CancellationToken cancellationToken)
    {
        var input = JsonSerializer.Deserialize<WebhookStore.DeliveryJobInput>(job.Input)
            ?? throw new NonRetryableException("The delivery job has no input.");
        var delivery = await store.FindDeliveryAsync(input.DeliveryId, cancellationToken).ConfigureAwait(false);
        if (delivery is null || delivery.Status != "pending")
            return; // gone (retention) or already finished: nothing to send
        var endpoint = await store.FindEndpointRowAsync(delivery.EndpointId, cancellationToken).ConfigureAwait(false);
        if (endpoint is null || endpoint.Enabled == 0)
        {
            await store.SkipAsync(delivery.Id, delivery.EndpointId, endpoint?.Ordered == 1, endpoint is null ? "the endpoint was removed" : "the endpoint is disabled", cancellationToken).ConfigureAwait(false);
            return;
        }

        var number = (int)delivery.Attempts + 1;
        var (attempt, refused) = await SendAsync(delivery, endpoint, number, cancellationToken).ConfigureAwait(false);
        var last = refused || job.Attempt >= job.MaxAttempts;
        var status = attempt.Succeeded ? "delivered" : last ? "failed" : "pending";
        // Through a database outage (the job stays leased meanwhile): failing here would fail the job, and its retry would
        // send the delivery again with this attempt unrecorded (on the last attempt, the delivery left pending).
        var disabled = await OutageRetry.WriteAsync(
            () => store.RecordAttemptAsync(attempt, endpoint.Id, endpoint.Ordered == 1, status, CancellationToken.None),
            clock,
            ex => LogRecordDeferred(logger, delivery.Id, number, ex.GetType().Name, ex.Message),
            cancellationToken).ConfigureAwait(false);
        RuntimeInstruments.WebhookAttempts.Add(1, new KeyValuePair<string, object?>("outcome", attempt.Succeeded ? "succeeded" : refused ? "refused" : "failed"));
        if (disabled)
            LogDisabled(logger, endpoint.Id, options.DisableAfterFailures);
        if (attempt.Succeeded)
            return;
        var message = $"delivery {delivery.Id} to endpoint {endpoint.Id}, attempt {number}: {attempt.Error}";
        throw refused || disabled ? new NonRetryableException(message) : new WebhookAttemptFailedException(message);
    }

    private async Task<(WebhookAttemptInfo Attempt, bool Refused)> SendAsync(DeliveryRow delivery, EndpointRow endpoint, int number, CancellationToken cancellationToken)
    {
        var key = WebhookSecrets.KeyOf(endpoint.Secret) ?? throw new NonRetryableException($"The secret of endpoint {endpoint.Id} is not whsec_ and base64.");
        var body = Encoding.UTF8.GetBytes(delivery.Body);
        var timestamp = clock.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.TryAddWithoutValidation(StandardWebhookSignature.IdHeader, delivery.MessageId);
        request.Headers.TryAddWithoutValidation(StandardWebhookSignature.TimestampHeader, timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.TryAddWithoutValidation(StandardWebhookSignature.SignatureHeader, StandardWebhookSignature.Sign(key, delivery.MessageId, timestamp, body));
        var started = Stopwatch.GetTimestamp();
        int? code = null;
        string? error = null;
        string? responseBody = null;
        var refused = false;

        // HttpClient.Timeout ends at the response's headers: the body is read under the same deadline, so a receiver that
        // stalls or drips its body cannot hold the attempt (and its job's lease, heartbeated meanwhile) for ever.
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(options.TimeoutMs);
        try
        {
            using var response = await http.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token).ConfigureAwait(false);
            code = (int)response.StatusCode;
            if (!response.IsSuccessStatusCode)
                error = $"the endpoint answered {code}";
            responseBody = await ReadPrefixAsync(response, deadline.Token, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex) when (ex.InnerException is AddressRefusedException refusal)
        {
            error = refusal.Message;
            refused = true;
        }
        catch (HttpRequestException ex)
        {
            error = StorableText.FromPeer(ex.Message, 2_000); // it may quote the receiver's bytes (an invalid status line)
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            error = $"no answer within {options.TimeoutMs} ms";
        }

        var duration = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        return (new WebhookAttemptInfo(delivery.Id, number, error is null, code, duration, error, responseBody, clock.GetUtcNow()), refused);
    }

    /// <summary>
    /// At most <c>webhooks.responseBodyBytes</c> of the response (the rest is not read), as text without NUL characters.
    /// The status decides the attempt: a body cut short (the deadline, a reset) keeps what arrived; only shutdown throws.
    /// </summary>
    private async Task<string?> ReadPrefixAsync(HttpResponseMessage response, CancellationToken deadline, CancellationToken shutdown)
    {
        if (options.ResponseBodyBytes == 0)
            return null;
        var buffer = new byte[options.ResponseBodyBytes];
        var read = 0;
        try
        {
            var stream = await response.Content.ReadAsStreamAsync(deadline).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                int n;
                while (read < buffer.Length && (n = await stream.ReadAsync(buffer.AsMemory(read), deadline).ConfigureAwait(false)) > 0)
                    read += n;
            }
        }
        catch (Exception ex) when (!shutdown.IsCancellationRequested && ex is OperationCanceledException or IOException or HttpRequestException)
        {
        }

        return read == 0 ? null : Encoding.UTF8.GetString(buffer, 0, read).Replace('\0', '\uFFFD');
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook delivery {DeliveryId}: could not record attempt {Attempt} ({ErrorType}: {Error}); retrying until the database is back")]
    private static partial void LogRecordDeferred(ILogger logger, string deliveryId, int attempt, string errorType, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook endpoint {EndpointId} disabled after {Failures} failed attempts in a row")]
    private static partial void LogDisabled(ILogger logger, string endpointId, int failures);
}
