using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Bunbase.Runtime.Tests.Infrastructure;
using Bunbase.Runtime.Webhooks;
using Microsoft.Extensions.DependencyInjection;

namespace Bunbase.Runtime.Tests.Webhooks;

/// <summary>Outbound deliveries from the fixture app (PostgreSQL, its queue) to a real receiver on loopback.</summary>
public sealed class OutboundWebhookTests
{
    private const string Fast = "\"backoffMs\": 50, \"maxBackoffMs\": 200";

    [Fact]
    public async Task A_delivery_that_fails_twice_then_succeeds_is_delivered_once_with_three_attempts_logged()
    {
        await using var receiver = await TestReceiver.StartAsync(failFirst: 2);
        await using var app = await WebhooksAppServer.StartAsync($"\"allowPrivateAddresses\": true, {Fast}, \"responseBodyBytes\": 100");
        var store = app.Server.Services.GetRequiredService<WebhookStore>();
        var endpoint = await store.AddEndpointAsync(receiver.Url, ["note.*"], "test", CancellationToken.None);

        var sent = await SendAsync(app, "note.created", "hello");
        Assert.Equal(1, sent.GetProperty("deliveries").GetInt32());
        var delivery = await DeliveryAsync(store, endpoint.Id, "delivered");
        var attempts = await store.ListAttemptsAsync(delivery.Id, CancellationToken.None);

        Assert.Equal([1, 2, 3], attempts.Select(a => a.Attempt));
        Assert.Equal([500, 500, 200], attempts.Select(a => a.ResponseCode ?? 0));
        Assert.Equal([false, false, true], attempts.Select(a => a.Succeeded));
        Assert.All(attempts, a => Assert.Equal(100, a.ResponseBody!.Length)); // a bounded prefix of the 5,000 bytes
        Assert.Equal(3, delivery.Attempts);
        Assert.Equal(3, receiver.Requests.Count);

        // Each request is signed (Standard Webhooks) with the endpoint's secret; the message id is the same.
        var key = WebhookSecrets.KeyOf(endpoint.Secret!)!;
        Assert.All(receiver.Requests, r =>
        {
            Assert.Equal(sent.GetProperty("messageId").GetString(), r.Id);
            Assert.True(StandardWebhookSignature.Verify(key, r.Id, long.Parse(r.Timestamp, CultureInfo.InvariantCulture), Encoding.UTF8.GetBytes(r.Body), r.Signature));
            Assert.Equal("note.created", JsonDocument.Parse(r.Body).RootElement.GetProperty("type").GetString());
            Assert.Equal("hello", JsonDocument.Parse(r.Body).RootElement.GetProperty("data").GetProperty("text").GetString());
        });

        // A manual redelivery sends it again, its attempts counting on.
        Assert.True(await store.RedeliverAsync(delivery.Id, CancellationToken.None));
        await Eventually.TrueAsync(async () => (await store.ListAttemptsAsync(delivery.Id, CancellationToken.None)).Count == 4, "the redelivery's attempt");
        Assert.False(await store.RedeliverAsync("dl_nope", CancellationToken.None));
    }

    [Fact]
    public async Task An_endpoint_on_a_private_address_is_refused_unless_allowed()
    {
        await using var receiver = await TestReceiver.StartAsync();
        await using (var app = await WebhooksAppServer.StartAsync(Fast))
        {
            var store = app.Server.Services.GetRequiredService<WebhookStore>();
            var endpoint = await store.AddEndpointAsync(receiver.Url, [], null, CancellationToken.None);
            await SendAsync(app, "note.created", "private");
            var delivery = await DeliveryAsync(store, endpoint.Id, "failed");
            var attempt = Assert.Single(await store.ListAttemptsAsync(delivery.Id, CancellationToken.None));
            Assert.Contains("allowPrivateAddresses", attempt.Error, StringComparison.Ordinal);
            Assert.Null(attempt.ResponseCode);
            Assert.Empty(receiver.Requests);
        }

        await using (var allowed = await WebhooksAppServer.StartAsync($"\"allowPrivateAddresses\": true, {Fast}"))
        {
            var store = allowed.Server.Services.GetRequiredService<WebhookStore>();
            var endpoint = await store.AddEndpointAsync(receiver.Url, [], null, CancellationToken.None);
            await SendAsync(allowed, "note.created", "allowed");
            await DeliveryAsync(store, endpoint.Id, "delivered");
            Assert.Single(receiver.Requests);
        }
    }

    [Fact]
    public async Task A_rolled_back_transaction_sends_nothing()
    {
        await using var receiver = await TestReceiver.StartAsync();
        await using var app = await WebhooksAppServer.StartAsync($"\"allowPrivateAddresses\": true, {Fast}");
        var store = app.Server.Services.GetRequiredService<WebhookStore>();
        var endpoint = await store.AddEndpointAsync(receiver.Url, [], null, CancellationToken.None);

        using (var rolledBack = await app.Client.PostAsJsonAsync("/send", new { type = "note.created", text = "rolled back", rollBack = true }))
            Assert.Equal(HttpStatusCode.Conflict, rolledBack.StatusCode);
        await SendAsync(app, "note.created", "committed");

        // Deliveries run in order of their jobs' due time; once the committed one arrived, the other would have.
        await DeliveryAsync(store, endpoint.Id, "delivered");
        Assert.Single(await store.ListDeliveriesAsync(endpoint.Id, null, 10, CancellationToken.None));
        Assert.Equal(0, await app.Database.ScalarAsync<long>("select count(*) from bunbase_webhook_messages where body like '%rolled back%'"));
        Assert.Equal("committed", JsonDocument.Parse(Assert.Single(receiver.Requests).Body).RootElement.GetProperty("data").GetProperty("text").GetString());
    }

    [Fact]
    public async Task An_endpoint_is_disabled_after_its_failure_streak_and_then_gets_nothing()
    {
        await using var receiver = await TestReceiver.StartAsync();
        receiver.FailAll = true;
        await using var app = await WebhooksAppServer.StartAsync($"\"allowPrivateAddresses\": true, {Fast}, \"maxAttempts\": 10, \"disableAfterFailures\": 3");
        var store = app.Server.Services.GetRequiredService<WebhookStore>();
        var endpoint = await store.AddEndpointAsync(receiver.Url, [], null, CancellationToken.None);

        await SendAsync(app, "note.created", "failing");
        var delivery = await DeliveryAsync(store, endpoint.Id, "failed");
        Assert.Equal(3, delivery.Attempts);
        var disabled = (await store.FindEndpointAsync(endpoint.Id, withSecret: false, CancellationToken.None))!;
        Assert.False(disabled.Enabled);
        Assert.Contains("3 failed attempts", disabled.DisabledReason, StringComparison.Ordinal);

        var next = await SendAsync(app, "note.created", "after");
        Assert.Equal(0, next.GetProperty("deliveries").GetInt32());
        Assert.Equal(3, receiver.Requests.Count);

        // Enabled again, it resets its streak and takes new messages.
        receiver.FailAll = false;
        Assert.True(await store.SetEnabledAsync(endpoint.Id, true, CancellationToken.None));
        Assert.Equal(1, (await SendAsync(app, "note.created", "again")).GetProperty("deliveries").GetInt32());
        await Eventually.TrueAsync(async () => (await store.ListDeliveriesAsync(endpoint.Id, "delivered", 10, CancellationToken.None)).Count == 1, "the new message delivered");
    }

    [Fact]
    public async Task An_ordered_endpoint_gets_its_deliveries_one_at_a_time_in_order()
    {
        await using var receiver = await TestReceiver.StartAsync(failFirst: 2);
        await using var app = await WebhooksAppServer.StartAsync($"\"allowPrivateAddresses\": true, {Fast}");
        var store = app.Server.Services.GetRequiredService<WebhookStore>();
        var endpoint = await store.AddEndpointAsync(receiver.Url, [], null, CancellationToken.None, ordered: true);

        var first = (await SendAsync(app, "note.created", "1")).GetProperty("messageId").GetString();
        var second = (await SendAsync(app, "note.created", "2")).GetProperty("messageId").GetString();
        var third = (await SendAsync(app, "note.created", "3")).GetProperty("messageId").GetString();
        await Eventually.TrueAsync(async () => (await store.ListDeliveriesAsync(endpoint.Id, "delivered", 10, CancellationToken.None)).Count == 3, "all three delivered");

        // The first is retried until it succeeds before the others are sent (unordered, they would come between its attempts).
        Assert.Equal([first, first, first, second, third], receiver.Requests.Select(r => r.Id));
    }

    [Fact]
    public async Task Event_type_filters_choose_the_endpoints()
    {
        await using var app = await WebhooksAppServer.StartAsync($"\"allowPrivateAddresses\": true, {Fast}");
        var store = app.Server.Services.GetRequiredService<WebhookStore>();
        await store.AddEndpointAsync("http://127.0.0.1:9/a", ["note.created"], null, CancellationToken.None);
        await store.AddEndpointAsync("http://127.0.0.1:9/b", ["note.*"], null, CancellationToken.None);
        await store.AddEndpointAsync("http://127.0.0.1:9/c", ["user.created"], null, CancellationToken.None);
        Assert.Equal(2, (await SendAsync(app, "note.created", "x")).GetProperty("deliveries").GetInt32());
        Assert.Equal(1, (await SendAsync(app, "note.deleted", "x")).GetProperty("deliveries").GetInt32());
        Assert.Equal(0, (await SendAsync(app, "order.paid", "x")).GetProperty("deliveries").GetInt32());

        // A bad type is the caller's mistake: a 4xx, not a 500.
        using var bad = await app.Client.PostAsJsonAsync("/send", new { type = "has space" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    private static async Task<JsonElement> SendAsync(WebhooksAppServer app, string type, string text)
    {
        using var response = await app.Client.PostAsJsonAsync("/send", new { type, text });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static async Task<WebhookDeliveryInfo> DeliveryAsync(WebhookStore store, string endpointId, string status)
    {
        WebhookDeliveryInfo? found = null;
        await Eventually.TrueAsync(
            async () => (found = (await store.ListDeliveriesAsync(endpointId, status, 10, CancellationToken.None)).FirstOrDefault()) is not null,
            $"a delivery {status}");
        return found!;
    }
}
