using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Bunbase.Runtime.Tests.Infrastructure;
using Bunbase.Runtime.Webhooks;

namespace Bunbase.Runtime.Tests.Webhooks;

/// <summary>Inbound webhooks over real HTTP against the fixture app on PostgreSQL: what is accepted runs once, as a job; what is refused runs nothing.</summary>
public sealed class InboundWebhookTests : IAsyncLifetime
{
    private WebhooksAppServer _app = null!;

    public async Task InitializeAsync() => _app = await WebhooksAppServer.StartAsync();

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task A_signed_delivery_is_acknowledged_and_its_action_runs_once_as_a_webhook_job()
    {
        var id = "msg_" + Guid.NewGuid().ToString("N");
        using var response = await _app.Client.SendAsync(Standard(id, "{\"hello\":\"world\"}"));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);

        await Eventually.TrueAsync(async () => await CountAsync(id) == 1, "the webhook job ran");
        Assert.Equal("{\"hello\":\"world\"}", await _app.Database.ScalarAsync<string>($"select body from received where delivery_id = '{id}'"));
        await Eventually.TrueAsync(
            async () => await _app.Database.ScalarAsync<long>("select count(*) from bunbase_action_runs where action = 'receive-standard' and trigger = 'webhook' and status = 'ok'") == 1,
            "the run log records trigger webhook");
        Assert.Equal(1, await CountAsync(id));
    }

    [Fact]
    public async Task Refused_deliveries_answer_their_codes_and_run_nothing()
    {
        var key = WebhookSecrets.KeyOf(WebhooksAppServer.StandardSecret)!;
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

        var tampered = Standard("msg_tampered", "{\"amount\":1}");
        tampered.Content = new StringContent("{\"amount\":1000}", Encoding.UTF8, "application/json");
        await RefusedAsync(tampered, 401, "webhook_signature_invalid");

        var wrongSecret = Standard("msg_wrong", "{}", key: WebhookSecrets.KeyOf("whsec_" + Convert.ToBase64String(new byte[24]))!);
        await RefusedAsync(wrongSecret, 401, "webhook_signature_invalid");

        await RefusedAsync(Standard("msg_stale", "{}", timestamp: now - 600), 400, "webhook_timestamp_stale");
        await RefusedAsync(Standard("msg_future", "{}", timestamp: now + 600), 400, "webhook_timestamp_stale");

        var missing = Standard("msg_missing", "{}");
        missing.Headers.Remove("webhook-signature");
        await RefusedAsync(missing, 400, "webhook_headers_missing");

        var garbled = Standard("msg_garbled", "{}");
        garbled.Headers.Remove("webhook-timestamp");
        garbled.Headers.TryAddWithoutValidation("webhook-timestamp", "yesterday");
        await RefusedAsync(garbled, 400, "webhook_signature_malformed");

        // A replay: the same id again, even signed anew, is refused once the first was accepted.
        using (var first = await _app.Client.SendAsync(Standard("msg_replayed", "{}")))
            Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        await RefusedAsync(Standard("msg_replayed", "{}"), 409, "webhook_replayed");

        await Eventually.TrueAsync(async () => await CountAsync("msg_replayed") == 1, "the accepted delivery ran");
        Assert.Equal(1, await _app.Database.ScalarAsync<long>("select count(*) from received"));
        Assert.Equal(1, await _app.Database.ScalarAsync<long>("select count(*) from bunbase_jobs") + await _app.Database.ScalarAsync<long>("select count(*) from received"));

        var metrics = await MetricsText.ScrapeAsync(_app.Client);
        Assert.Equal(2, metrics.Value("bunbase_webhooks_received_total", ("webhook", "standard"), ("outcome", "webhook_signature_invalid")));
        Assert.Equal(1, metrics.Value("bunbase_webhooks_received_total", ("webhook", "standard"), ("outcome", "webhook_replayed")));
    }

    [Fact]
    public async Task The_github_shape_is_verified_over_the_raw_body()
    {
        const string body = "{\"action\":\"opened\"}";
        var key = Encoding.UTF8.GetBytes(WebhooksAppServer.GitHubSecret);
        using var good = new HttpRequestMessage(HttpMethod.Post, "/_webhooks/github") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        good.Headers.TryAddWithoutValidation("X-Hub-Signature-256", "sha256=" + HexSignature.Sign(key, Encoding.UTF8.GetBytes(body)));
        good.Headers.TryAddWithoutValidation("X-GitHub-Delivery", "gh-1");
        using (var response = await _app.Client.SendAsync(good))
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);

        using var bad = new HttpRequestMessage(HttpMethod.Post, "/_webhooks/github") { Content = new StringContent(body + " ", Encoding.UTF8, "application/json") };
        bad.Headers.TryAddWithoutValidation("X-Hub-Signature-256", "sha256=" + HexSignature.Sign(key, Encoding.UTF8.GetBytes(body)));
        bad.Headers.TryAddWithoutValidation("X-GitHub-Delivery", "gh-2");
        await RefusedAsync(bad, 401, "webhook_signature_invalid");

        using var noId = new HttpRequestMessage(HttpMethod.Post, "/_webhooks/github") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        noId.Headers.TryAddWithoutValidation("X-Hub-Signature-256", "sha256=" + HexSignature.Sign(key, Encoding.UTF8.GetBytes(body)));
        await RefusedAsync(noId, 400, "webhook_headers_missing");

        await Eventually.TrueAsync(async () => await CountAsync("gh-1") == 1, "the github delivery ran");
    }

    [Fact]
    public async Task The_stripe_shape_checks_its_timestamp_and_takes_the_body_id()
    {
        var key = Encoding.UTF8.GetBytes(WebhooksAppServer.StripeSecret);
        const string body = "{\"id\":\"evt_123\",\"type\":\"charge.succeeded\"}";
        HttpRequestMessage Signed(long t)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/_webhooks/stripe") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            var signature = HexSignature.Sign(key, Encoding.UTF8.GetBytes(t.ToString(CultureInfo.InvariantCulture) + "." + body));
            request.Headers.TryAddWithoutValidation("Stripe-Signature", $"t={t},v1={signature},v0=ignored");
            return request;
        }

        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        await RefusedAsync(Signed(now - 120), 400, "webhook_timestamp_stale"); // its own tolerance: 1m
        using (var response = await _app.Client.SendAsync(Signed(now)))
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await RefusedAsync(Signed(now), 409, "webhook_replayed");
        await Eventually.TrueAsync(async () => await CountAsync("evt_123") == 1, "the stripe delivery ran");
    }

    [Fact]
    public async Task A_delivery_with_a_chunk_size_too_large_for_a_number_or_an_id_that_is_not_unicode_is_400()
    {
        // Well-formed headers, so that the body is read (headers refused are answered before it).
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var overflow = await RawHttp.ExchangeAsync(_app.Server.Address,
            $"POST /_webhooks/stripe HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nStripe-Signature: t={now},v1={new string('0', 64)}\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\nffffffffffffffffff\r\nabc\r\n0\r\n\r\n");
        Assert.Equal(400, overflow.Status);
        Assert.Equal("malformed_body", overflow.Problem().GetProperty("code").GetString());

        // Stripe's shape takes the delivery id from the body: one whose escapes are not Unicode is refused, not a 500.
        const string body = "{\"id\":\"evt_\\ud800\",\"type\":\"charge.succeeded\"}";
        var t = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/_webhooks/stripe") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        var signature = HexSignature.Sign(Encoding.UTF8.GetBytes(WebhooksAppServer.StripeSecret), Encoding.UTF8.GetBytes(t.ToString(CultureInfo.InvariantCulture) + "." + body));
        request.Headers.TryAddWithoutValidation("Stripe-Signature", $"t={t},v1={signature}");
        using var response = await _app.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task A_webhook_without_a_configured_secret_answers_503_and_other_methods_405()
    {
        await RefusedAsync(Standard("msg_x", "{}", path: "/_webhooks/unconfigured"), 503, "webhook_not_configured");
        var metrics = await MetricsText.ScrapeAsync(_app.Client);
        Assert.Equal(1, metrics.Value("bunbase_webhooks_received_total", ("webhook", "unconfigured"), ("outcome", "webhook_not_configured")));
        using var get = await _app.Client.GetAsync("/_webhooks/standard");
        Assert.Equal(HttpStatusCode.MethodNotAllowed, get.StatusCode);
        using var unknown = await _app.Client.SendAsync(Standard("msg_y", "{}", path: "/_webhooks/nope"));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    private static HttpRequestMessage Standard(string id, string body, long? timestamp = null, byte[]? key = null, string path = "/_webhooks/standard")
    {
        var t = timestamp ?? DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        key ??= WebhookSecrets.KeyOf(WebhooksAppServer.StandardSecret)!;
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("webhook-id", id);
        request.Headers.TryAddWithoutValidation("webhook-timestamp", t.ToString(CultureInfo.InvariantCulture));
        request.Headers.TryAddWithoutValidation("webhook-signature", StandardWebhookSignature.Sign(key, id, t, Encoding.UTF8.GetBytes(body)));
        return request;
    }

    private async Task RefusedAsync(HttpRequestMessage request, int status, string code)
    {
        using (request)
        {
            using var response = await _app.Client.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True((int)response.StatusCode == status, $"{(int)response.StatusCode}: {text}");
            Assert.Equal(code, JsonDocument.Parse(text).RootElement.GetProperty("code").GetString());
        }
    }

    private Task<long> CountAsync(string deliveryId) =>
        _app.Database.ScalarAsync<long>($"select count(*) from received where delivery_id = '{deliveryId}'");
}
