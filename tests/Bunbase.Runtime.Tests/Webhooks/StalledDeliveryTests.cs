extern alias WebhooksApp;

using System.Net.Http.Json;
using Bunbase.Runtime.Tests.Infrastructure;
using Bunbase.Runtime.Webhooks;
using Microsoft.Extensions.DependencyInjection;

namespace Bunbase.Runtime.Tests.Webhooks;

/// <summary>
/// A delivery whose job ended without recording an outcome (dead while the database failed on its last attempt, or
/// purged) is failed by the sweep, and an ordered endpoint's next delivery goes; deliveries waiting as they should are
/// left alone. On PostgreSQL and the embedded file.
/// </summary>
public sealed class StalledDeliveryTests
{
    // Long enough that a failed attempt's retry never comes during a test: the job waits, pending, as after any failure.
    private const string SlowRetries = "\"allowPrivateAddresses\": true, \"backoffMs\": 600000, \"maxBackoffMs\": 600000";

    public static TheoryData<bool> Engines => new() { false, true };

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task An_ordered_endpoint_whose_head_delivery_lost_its_job_fails_it_and_sends_the_next(bool embedded)
    {
        await using var receiver = await TestReceiver.StartAsync();
        receiver.FailAll = true;
        await using var app = await StartAsync(embedded);
        var store = app.Services.GetRequiredService<WebhookStore>();
        var endpoint = await store.AddEndpointAsync(receiver.Url, [], null, CancellationToken.None, ordered: true);

        await SendAsync(app, "1");
        await SendAsync(app, "2");
        await Eventually.TrueAsync(() => Task.FromResult(receiver.Requests.Count == 1), "the first attempt of the first delivery");
        await Eventually.TrueAsync(
            async () => (await store.ListDeliveriesAsync(endpoint.Id, null, 10, CancellationToken.None)).Any(d => d.Attempts == 1),
            "the failed attempt recorded");

        // Waiting for its retry, and the second waiting behind it, is how an ordered endpoint should look: nothing stalled.
        Assert.Equal(0, await store.FailStalledAsync(CancellationToken.None));

        // The head's job dies without its delivery hearing of it.
        await KillDeliveryJobsAsync(store, embedded, "the database went away while recording attempt 2");
        receiver.FailAll = false;

        Assert.Equal(1, await store.FailStalledAsync(CancellationToken.None));
        var deliveries = await store.ListDeliveriesAsync(endpoint.Id, null, 10, CancellationToken.None);
        var head = deliveries.Single(d => d.Attempts == 1);
        Assert.Equal("failed", head.Status);
        Assert.Equal("its delivery job ended without recording an outcome: the database went away while recording attempt 2", head.Error);
        await Eventually.TrueAsync(
            async () => (await store.ListDeliveriesAsync(endpoint.Id, "delivered", 10, CancellationToken.None)).Count == 1,
            "the second delivery sent");
        Assert.Equal("2", TextOf(receiver.Requests.Last()));
        Assert.Equal(0, await store.FailStalledAsync(CancellationToken.None));
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task A_pending_delivery_whose_job_was_purged_is_failed_and_one_still_queued_is_not(bool embedded)
    {
        await using var receiver = await TestReceiver.StartAsync();
        receiver.FailAll = true;
        await using var app = await StartAsync(embedded);
        var store = app.Services.GetRequiredService<WebhookStore>();
        var endpoint = await store.AddEndpointAsync(receiver.Url, [], null, CancellationToken.None);

        await SendAsync(app, "purged");
        await Eventually.TrueAsync(
            async () => (await store.ListDeliveriesAsync(endpoint.Id, null, 10, CancellationToken.None)).Any(d => d.Attempts == 1),
            "the failed attempt recorded");
        await store.Db(CancellationToken.None).ExecuteAsync("delete from bunbase_jobs where action = @Job", new { Job = WebhookStore.DeliveryJob });
        await SendAsync(app, "queued");
        await Eventually.TrueAsync(
            async () => (await store.ListDeliveriesAsync(endpoint.Id, null, 10, CancellationToken.None)).Count(d => d.Attempts == 1) == 2,
            "the second one's failed attempt recorded");

        Assert.Equal(1, await store.FailStalledAsync(CancellationToken.None));
        var deliveries = await store.ListDeliveriesAsync(endpoint.Id, null, 10, CancellationToken.None);
        Assert.Equal(["failed", "pending"], deliveries.OrderBy(d => d.CreatedAt).ThenBy(d => d.Id, StringComparer.Ordinal).Select(d => d.Status));
        Assert.Equal("its delivery job ended without recording an outcome", deliveries.Single(d => d.Status == "failed").Error);

        // An operator can send it again.
        receiver.FailAll = false;
        Assert.True(await store.RedeliverAsync(deliveries.Single(d => d.Status == "failed").Id, CancellationToken.None));
        await Eventually.TrueAsync(
            async () => (await store.ListDeliveriesAsync(endpoint.Id, "delivered", 10, CancellationToken.None)).Count == 1,
            "the redelivered one sent");
    }

    private static Task KillDeliveryJobsAsync(WebhookStore store, bool embedded, string error) =>
        store.Db(CancellationToken.None).ExecuteAsync(
            embedded
                ? "update bunbase_jobs set status = 'dead', died_at = 0, last_error = @Error, lease_owner = null, lease_until = null where action = @Job"
                : "update bunbase_jobs set status = 'dead', died_at = now(), last_error = @Error, lease_owner = null, lease_until = null where action = @Job",
            new { Job = WebhookStore.DeliveryJob, Error = error });

    /// <summary>The webhooks fixture app on a PostgreSQL database of its own, or on its embedded file.</summary>
    private static async Task<Fixture> StartAsync(bool embedded)
    {
        if (!embedded)
        {
            var server = await WebhooksAppServer.StartAsync(SlowRetries);
            return new Fixture(server.Server, server);
        }

        var migrations = Path.Combine(NodeTools.RepositoryRoot(), "tests", "Bunbase.WebhooksApp", "migrations").Replace('\\', '/');
        var app = await AppServer.StartAsync(
            typeof(WebhooksApp::Program).Assembly,
            extraConfig: $$"""
                "database": { "migrateOnStart": true, "migrationsPath": "{{migrations}}" },
                "queue": { "pollIntervalMs": 200 },
                "webhooks": { {{SlowRetries}} }
                """,
            name: $"webhooks-{Guid.NewGuid():N}");
        return new Fixture(app, app);
    }

    private sealed class Fixture(AppServer server, IAsyncDisposable owner) : IAsyncDisposable
    {
        public IServiceProvider Services => server.Services;

        public HttpClient Client => server.Client;

        public ValueTask DisposeAsync() => owner.DisposeAsync();
    }

    private static async Task SendAsync(Fixture app, string text)
    {
        using var response = await app.Client.PostAsJsonAsync("/send", new { type = "note.created", text });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    private static string TextOf(TestReceiver.Received request) =>
        System.Text.Json.JsonDocument.Parse(request.Body).RootElement.GetProperty("data").GetProperty("text").GetString()!;
}
