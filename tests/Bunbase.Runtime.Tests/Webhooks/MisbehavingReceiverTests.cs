using System.Net.Http.Json;
using System.Net.Sockets;
using Bunbase.Runtime.Tests.Infrastructure;
using Bunbase.Runtime.Webhooks;
using Microsoft.Extensions.DependencyInjection;

namespace Bunbase.Runtime.Tests.Webhooks;

/// <summary>
/// Deliveries to receivers that misbehave at the TCP level (a raw server on loopback): every attempt ends within the
/// timeout, is recorded with what the receiver did, and the delivery ends delivered or failed, never pending for good.
/// </summary>
public sealed class MisbehavingReceiverTests
{
    // One second per attempt, two attempts, short backoff: a delivery is finished in a few seconds unless an attempt hangs.
    private const string Config = "\"allowPrivateAddresses\": true, \"timeoutMs\": 1000, \"maxAttempts\": 2, \"backoffMs\": 50, \"maxBackoffMs\": 100, \"responseBodyBytes\": 64";

    [Fact]
    public async Task A_receiver_that_answers_200_then_stalls_the_body_delivers_within_the_timeout()
    {
        await using var receiver = new ScriptedTcpServer(async (stream, _, stop) =>
        {
            await ScriptedTcpServer.ReadHttpRequestAsync(stream, stop);
            await ScriptedTcpServer.WriteAsync(stream, "HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\nthanks", stop);
            await Task.Delay(Timeout.Infinite, stop);
        });

        var (delivery, attempts) = await DeliverAsync(receiver, "delivered");

        var attempt = Assert.Single(attempts);
        Assert.True(attempt.Succeeded);
        Assert.Equal(200, attempt.ResponseCode);
        Assert.Equal("thanks", attempt.ResponseBody);
        Assert.Equal(1, delivery.Attempts);
    }

    [Fact]
    public async Task A_receiver_that_drips_its_body_a_byte_a_second_is_not_waited_on_beyond_the_timeout()
    {
        await using var receiver = new ScriptedTcpServer(async (stream, _, stop) =>
        {
            await ScriptedTcpServer.ReadHttpRequestAsync(stream, stop);
            await ScriptedTcpServer.WriteAsync(stream, "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 1000\r\n\r\n", stop);
            for (var i = 0; i < 1000; i++)
            {
                await ScriptedTcpServer.WriteAsync(stream, "x", stop);
                await Task.Delay(700, stop);
            }
        });

        var (delivery, attempts) = await DeliverAsync(receiver, "failed");

        Assert.Equal([1, 2], attempts.Select(a => a.Attempt));
        Assert.All(attempts, a => Assert.Equal(503, a.ResponseCode));
        Assert.All(attempts, a => Assert.StartsWith("x", a.ResponseBody, StringComparison.Ordinal));
        Assert.Equal("the endpoint answered 503", delivery.Error);
    }

    [Fact]
    public async Task A_receiver_that_resets_the_connection_mid_body_has_each_attempt_recorded()
    {
        await using var receiver = new ScriptedTcpServer(async (stream, _, stop) =>
        {
            await ScriptedTcpServer.ReadHttpRequestAsync(stream, stop);
            await ScriptedTcpServer.WriteAsync(stream, "HTTP/1.1 500 Internal Server Error\r\nContent-Length: 1000\r\n\r\npartial", stop);
            await stream.FlushAsync(stop);
            await Task.Delay(100, stop);
            Reset(stream);
        });

        var (delivery, attempts) = await DeliverAsync(receiver, "failed");

        Assert.Equal([1, 2], attempts.Select(a => a.Attempt));
        Assert.All(attempts, a => Assert.Equal(500, a.ResponseCode));
        Assert.All(attempts, a => Assert.Equal("partial", a.ResponseBody));
        Assert.Equal(2, delivery.Attempts);
    }

    /// <summary>What each receiver does after reading the request, and what the attempt's error says.</summary>
    public static TheoryData<string, string> Misbehaviours => new()
    {
        { "hang", "no answer within 1000 ms" },
        { "partial-status", "" },
        { "close", "" },
        { "reset", "" },
        { "redirect", "the endpoint answered 307" },
        { "gone", "the endpoint answered 410" },
        { "retry-after", "the endpoint answered 429" },
        { "huge-headers", "" },
        { "huge-body", "the endpoint answered 500" },
    };

    [Theory]
    [MemberData(nameof(Misbehaviours))]
    public async Task A_misbehaving_receiver_fails_each_attempt_within_the_timeout_and_the_delivery_fails(string behaviour, string error)
    {
        await using var receiver = new ScriptedTcpServer(async (stream, _, stop) =>
        {
            // A receiver that answers keeps the connection, so it answers every request on it (at most a few).
            for (var request = 0; request < 5 && await Respond(stream, stop); request++)
            {
            }

            await Task.Delay(Timeout.Infinite, stop);
        });

        async Task<bool> Respond(NetworkStream stream, CancellationToken stop)
        {
            await ScriptedTcpServer.ReadHttpRequestAsync(stream, stop);
            switch (behaviour)
            {
                case "hang":
                    await Task.Delay(Timeout.Infinite, stop);
                    break;
                case "partial-status":
                    await ScriptedTcpServer.WriteAsync(stream, "HTTP/1.1 20", stop);
                    stream.Socket.Shutdown(SocketShutdown.Both);
                    break;
                case "close":
                    stream.Socket.Shutdown(SocketShutdown.Both);
                    break;
                case "reset":
                    Reset(stream);
                    break;
                case "redirect":
                    await ScriptedTcpServer.WriteAsync(stream, "HTTP/1.1 307 Temporary Redirect\r\nLocation: http://127.0.0.1:1/elsewhere\r\nContent-Length: 0\r\n\r\n", stop);
                    break;
                case "gone":
                    await ScriptedTcpServer.WriteAsync(stream, "HTTP/1.1 410 Gone\r\nContent-Length: 0\r\n\r\n", stop);
                    break;
                case "retry-after":
                    await ScriptedTcpServer.WriteAsync(stream, "HTTP/1.1 429 Too Many Requests\r\nRetry-After: 99999999999999999999\r\nContent-Length: 0\r\n\r\n", stop);
                    break;
                case "huge-headers":
                    await ScriptedTcpServer.WriteAsync(stream, "HTTP/1.1 200 OK\r\n", stop);
                    for (var i = 0; i < 2000; i++)
                        await ScriptedTcpServer.WriteAsync(stream, $"X-Filler-{i}: {new string('h', 100)}\r\n", stop);
                    await ScriptedTcpServer.WriteAsync(stream, "Content-Length: 0\r\n\r\n", stop);
                    break;
                case "huge-body":
                    await ScriptedTcpServer.WriteAsync(stream, "HTTP/1.1 500 Internal Server Error\r\nContent-Length: 50000000\r\n\r\n", stop);
                    for (var i = 0; i < 50_000; i++)
                        await ScriptedTcpServer.WriteAsync(stream, new string('b', 1000), stop);
                    break;
            }

            return behaviour is "redirect" or "gone" or "retry-after";
        }

        var (delivery, attempts) = await DeliverAsync(receiver, "failed");

        Assert.Equal([1, 2], attempts.Select(a => a.Attempt));
        Assert.All(attempts, a => Assert.False(a.Succeeded));
        Assert.All(attempts, a => Assert.False(string.IsNullOrEmpty(a.Error)));
        Assert.All(attempts, a => Assert.True((a.ResponseBody?.Length ?? 0) <= 64, "the stored body is capped"));
        Assert.All(attempts, a => Assert.True(a.DurationMs < 15_000, $"an attempt took {a.DurationMs} ms"));
        if (error.Length > 0)
            Assert.Equal(error, delivery.Error);
        Assert.InRange(receiver.Connections, 1, 2);
    }

    [Theory]
    [InlineData("HTTP/1.1 \u001b[2J")]
    [InlineData("HTTP/1.1 20\u0000")]
    public async Task The_error_recorded_for_an_invalid_status_line_has_no_control_characters(string statusLine)
    {
        await using var receiver = new ScriptedTcpServer(async (stream, _, stop) =>
        {
            await ScriptedTcpServer.ReadHttpRequestAsync(stream, stop);
            await stream.WriteAsync(System.Text.Encoding.Latin1.GetBytes(statusLine + "\r\nContent-Length: 0\r\n\r\n"), stop);
            await Task.Delay(Timeout.Infinite, stop);
        });

        var (delivery, attempts) = await DeliverAsync(receiver, "failed");

        Assert.Equal(2, attempts.Count);
        Assert.All(attempts, a => Assert.Contains("invalid status", a.Error, StringComparison.Ordinal));
        Assert.All(attempts, a => Assert.DoesNotContain(a.Error!, char.IsControl));
        Assert.DoesNotContain(delivery.Error!, char.IsControl);
    }

    [Fact]
    public async Task A_refused_connection_fails_each_attempt_and_the_delivery()
    {
        int port;
        using (var closed = new TcpListener(System.Net.IPAddress.Loopback, 0))
        {
            closed.Start();
            port = ((System.Net.IPEndPoint)closed.LocalEndpoint).Port;
        }

        await using var app = await WebhooksAppServer.StartAsync(Config);
        var store = app.Server.Services.GetRequiredService<WebhookStore>();
        var endpoint = await store.AddEndpointAsync($"http://127.0.0.1:{port}/hook", [], null, CancellationToken.None);
        await SendAsync(app);

        var delivery = await FinishedAsync(store, endpoint.Id, "failed");
        var attempts = await store.ListAttemptsAsync(delivery.Id, CancellationToken.None);
        Assert.Equal([1, 2], attempts.Select(a => a.Attempt));
        Assert.All(attempts, a => Assert.Null(a.ResponseCode));
        Assert.Contains("refused", delivery.Error, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task An_ordered_endpoint_whose_receiver_hangs_then_stalls_a_body_moves_on_to_the_next_deliveries()
    {
        var bodies = new System.Collections.Concurrent.ConcurrentQueue<string>();
        await using var receiver = new ScriptedTcpServer(async (stream, connection, stop) =>
        {
            for (var request = 0; request < 10; request++)
            {
                bodies.Enqueue(await ScriptedTcpServer.ReadHttpRequestAsync(stream, stop));
                if (connection == 1)
                    await Task.Delay(Timeout.Infinite, stop); // no answer at all
                if (connection == 2)
                {
                    await ScriptedTcpServer.WriteAsync(stream, "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 100\r\n\r\nbusy", stop);
                    await Task.Delay(Timeout.Infinite, stop); // and a body that never ends
                }

                await ScriptedTcpServer.WriteAsync(stream, "HTTP/1.1 204 No Content\r\n\r\n", stop);
            }
        });
        await using var app = await WebhooksAppServer.StartAsync(Config);
        var store = app.Server.Services.GetRequiredService<WebhookStore>();
        var endpoint = await store.AddEndpointAsync($"http://127.0.0.1:{receiver.Port}/hook", [], null, CancellationToken.None, ordered: true);

        foreach (var text in new[] { "one", "two", "three" })
        {
            using var response = await app.Client.PostAsJsonAsync("/send", new { type = "note.created", text });
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        }

        await Eventually.TrueAsync(
            async () => (await store.ListDeliveriesAsync(endpoint.Id, "delivered", 10, CancellationToken.None)).Count == 2,
            "the two later deliveries to be delivered");
        var failed = Assert.Single(await store.ListDeliveriesAsync(endpoint.Id, "failed", 10, CancellationToken.None));
        Assert.Equal(2, failed.Attempts);

        // The first message's two attempts, then the others in order.
        Assert.Equal(["one", "one", "two", "three"], bodies.Select(b => System.Text.Json.JsonDocument.Parse(b[b.IndexOf('{', StringComparison.Ordinal)..]).RootElement.GetProperty("data").GetProperty("text").GetString()));
    }

    [Fact]
    public async Task Stopping_the_app_under_a_hung_delivery_is_prompt_and_leaves_the_delivery_pending_with_its_job_released()
    {
        await using var receiver = new ScriptedTcpServer(async (stream, _, stop) =>
        {
            await ScriptedTcpServer.ReadHttpRequestAsync(stream, stop);
            await Task.Delay(Timeout.Infinite, stop);
        });
        var app = await WebhooksAppServer.StartAsync("\"allowPrivateAddresses\": true, \"timeoutMs\": 120000");
        try
        {
            var store = app.Server.Services.GetRequiredService<WebhookStore>();
            var endpoint = await store.AddEndpointAsync($"http://127.0.0.1:{receiver.Port}/hook", [], null, CancellationToken.None);
            await SendAsync(app);
            await Eventually.TrueAsync(() => Task.FromResult(receiver.Connections == 1), "the delivery to be in flight");

            // The attempt would wait two minutes; stopping waits for it only until queue.shutdownTimeoutMs (20 s).
            var stopping = System.Diagnostics.Stopwatch.StartNew();
            await app.Server.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(60));
            Assert.InRange(stopping.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(45));

            Assert.Equal("pending", await app.Database.ScalarAsync<string>($"select status from bunbase_webhook_deliveries where endpoint_id = '{endpoint.Id}'"));
            Assert.Equal(0L, await app.Database.ScalarAsync<long>("select count(*) from bunbase_webhook_attempts"));
            Assert.Equal("pending", await app.Database.ScalarAsync<string>($"select status from bunbase_jobs where action = '{WebhookStore.DeliveryJob}'"));
        }
        finally
        {
            await app.Database.DisposeAsync();
        }
    }

    private static void Reset(NetworkStream stream)
    {
        stream.Socket.LingerState = new LingerOption(true, 0);
        stream.Socket.Close();
    }

    private static async Task<(WebhookDeliveryInfo Delivery, IReadOnlyList<WebhookAttemptInfo> Attempts)> DeliverAsync(ScriptedTcpServer receiver, string status)
    {
        await using var app = await WebhooksAppServer.StartAsync(Config);
        var store = app.Server.Services.GetRequiredService<WebhookStore>();
        var endpoint = await store.AddEndpointAsync($"http://127.0.0.1:{receiver.Port}/hook", [], null, CancellationToken.None);
        await SendAsync(app);
        var delivery = await FinishedAsync(store, endpoint.Id, status);
        return (delivery, await store.ListAttemptsAsync(delivery.Id, CancellationToken.None));
    }

    private static async Task SendAsync(WebhooksAppServer app)
    {
        using var response = await app.Client.PostAsJsonAsync("/send", new { type = "note.created", text = "hello" });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>The endpoint's one delivery once it is no longer pending (30 s at most: two attempts of one second each).</summary>
    private static async Task<WebhookDeliveryInfo> FinishedAsync(WebhookStore store, string endpointId, string status)
    {
        WebhookDeliveryInfo? found = null;
        await Eventually.TrueAsync(
            async () => (found = (await store.ListDeliveriesAsync(endpointId, null, 10, CancellationToken.None)).SingleOrDefault()) is { Status: not "pending" },
            "the delivery to finish");
        Assert.Equal(status, found!.Status);
        return found;
    }
}
