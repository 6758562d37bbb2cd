using System.Globalization;
using System.Text;
using Bunbase.Runtime.Tests.Infrastructure;
using Bunbase.Runtime.Webhooks;

namespace Bunbase.Runtime.Tests.Webhooks;

/// <summary>
/// The receiver reads a delivery's signature headers before its body: a delivery refused on its headers is
/// answered without waiting for a body it announced (and its connection closed, not drained), while one
/// with good headers is still held to the body limit.
/// </summary>
public sealed class WebhookReceiverTests : IAsyncLifetime
{
    private WebhooksAppServer _app = null!;

    public async Task InitializeAsync() => _app = await WebhooksAppServer.StartAsync();

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Theory]
    [InlineData("standard", "", "webhook_headers_missing")]
    [InlineData("standard", "webhook-id: msg_1\r\nwebhook-timestamp: yesterday\r\nwebhook-signature: v1,AAAA\r\n", "webhook_signature_malformed")]
    [InlineData("standard", "webhook-id: msg_1\r\nwebhook-timestamp: 1000\r\nwebhook-signature: v1,AAAA\r\n", "webhook_timestamp_stale")]
    [InlineData("github", "X-Hub-Signature-256: md5=abc\r\nX-GitHub-Delivery: gh-1\r\n", "webhook_signature_malformed")]
    [InlineData("github", "X-Hub-Signature-256: sha256=abc\r\n", "webhook_headers_missing")]
    [InlineData("github", "X-Hub-Signature-256: sha256=abc\r\nX-GitHub-Delivery: gh-1\r\n", "webhook_signature_malformed")]
    [InlineData("stripe", "Stripe-Signature: v1=abc\r\n", "webhook_signature_malformed")]
    public async Task A_delivery_refused_on_its_headers_is_answered_before_its_body_arrives(string webhook, string headers, string code)
    {
        // The body is announced but never sent: a receiver that read it first would wait (then time out, 408).
        var response = await RawHttp.ExchangeAsync(_app.Server.Address,
            $"POST /_webhooks/{webhook} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n{headers}\r\n{{");

        Assert.Equal(400, response.Status);
        Assert.Equal(code, response.Problem().GetProperty("code").GetString());
        Assert.Equal("close", response.Header("Connection"));
    }

    [Theory]
    [InlineData("standard", "webhook-id: msg_1\r\nwebhook-timestamp: {t}\r\nwebhook-signature: v2,abc\r\n")]
    [InlineData("standard", "webhook-id: msg_1\r\nwebhook-timestamp: {t}\r\nwebhook-signature: v1,AAAA v1,not-base64\r\n")]
    [InlineData("stripe", "Stripe-Signature: t={t},v1=xyz\r\n")]
    [InlineData("stripe", "Stripe-Signature: t={t},v1=00,v0=ignored\r\n")]
    public async Task A_signature_that_cannot_be_an_hmac_is_malformed_and_refused_before_the_body_arrives(string webhook, string headers)
    {
        var t = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var response = await RawHttp.ExchangeAsync(_app.Server.Address,
            $"POST /_webhooks/{webhook} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n{headers.Replace("{t}", t, StringComparison.Ordinal)}\r\n{{");

        Assert.Equal(400, response.Status);
        Assert.Equal("webhook_signature_malformed", response.Problem().GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_chunked_delivery_with_an_id_too_long_is_refused_before_its_body_ends()
    {
        var t = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var response = await RawHttp.ExchangeAsync(_app.Server.Address,
            $"POST /_webhooks/standard HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n"
            + $"webhook-id: {new string('a', WebhookVerifier.MaxIdLength + 1)}\r\nwebhook-timestamp: {t}\r\nwebhook-signature: v1,AAAA\r\n\r\n2\r\n{{}}\r\n");

        Assert.Equal(400, response.Status);
        Assert.Equal("webhook_id_invalid", response.Problem().GetProperty("code").GetString());
        Assert.Equal(0, await _app.Database.ScalarAsync<long>("select count(*) from bunbase_jobs"));
    }

    [Fact]
    public async Task A_stripe_signature_header_with_more_signatures_than_a_rotation_needs_is_malformed()
    {
        // Each v1= was checked with an HMAC of the whole body: thousands of them made one request cost that many
        // hashes of up to maxRequestBodySize. Now at most WebhookVerifier.MaxSignatures, refused before the body.
        const string body = "{\"id\":\"evt_many\"}";
        var t = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var key = Encoding.UTF8.GetBytes(WebhooksAppServer.StripeSecret);
        var good = HexSignature.Sign(key, Encoding.UTF8.GetBytes(t + "." + body));

        HttpRequestMessage Delivery(int wrongSignatures)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/_webhooks/stripe") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            var signatures = string.Concat(Enumerable.Repeat(",v1=" + new string('0', 64), wrongSignatures));
            request.Headers.TryAddWithoutValidation("Stripe-Signature", $"t={t}{signatures},v1={good}");
            return request;
        }

        using (var tooMany = await _app.Client.SendAsync(Delivery(WebhookVerifier.MaxSignatures)))
        {
            Assert.Equal(400, (int)tooMany.StatusCode);
            Assert.Contains("webhook_signature_malformed", await tooMany.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        // A rotation's few signatures, the good one last, are still each tried.
        using var rotating = await _app.Client.SendAsync(Delivery(WebhookVerifier.MaxSignatures - 1));
        Assert.Equal(202, (int)rotating.StatusCode);
    }

    [Fact]
    public async Task A_delivery_with_good_headers_is_still_held_to_the_body_limit()
    {
        const string id = "msg_big";
        var t = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var key = WebhookSecrets.KeyOf(WebhooksAppServer.StandardSecret)!;
        var signature = StandardWebhookSignature.Sign(key, id, t, "{}"u8);
        var response = await RawHttp.ExchangeAsync(_app.Server.Address,
            $"POST /_webhooks/standard HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: {64L << 20}\r\n"
            + $"webhook-id: {id}\r\nwebhook-timestamp: {t}\r\nwebhook-signature: {signature}\r\n\r\n{{");

        Assert.Equal(413, response.Status);
        Assert.Equal("payload_too_large", response.Problem().GetProperty("code").GetString());

        // The headers alone never accept a delivery: a good signature over another body is still refused.
        using var request = new HttpRequestMessage(HttpMethod.Post, "/_webhooks/standard") { Content = new StringContent("{\"a\":1}", Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("webhook-id", id);
        request.Headers.TryAddWithoutValidation("webhook-timestamp", t.ToString(CultureInfo.InvariantCulture));
        request.Headers.TryAddWithoutValidation("webhook-signature", signature);
        using var refused = await _app.Client.SendAsync(request);
        Assert.Equal(401, (int)refused.StatusCode);
        Assert.Equal(0, await _app.Database.ScalarAsync<long>("select count(*) from bunbase_jobs"));
    }
}
