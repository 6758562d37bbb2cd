using System.Net.Sockets;
using System.Text;
using Bunbase.Runtime.Tests.Infrastructure;
using Bunbase.TestApp.Actions;

namespace Bunbase.Runtime.Tests.Observability;

/// <summary>Requests whose client went away before the answer: counted as 499 (client closed request), never as a 200 or a 500.</summary>
public sealed class RequestTelemetryTests
{
    private const string Requests = "bunbase_http_requests_total";

    [Fact]
    public async Task A_request_whose_client_hung_up_mid_handler_is_counted_as_499_and_cancelled()
    {
        await using var app = await AppServer.StartAsync();
        var started = Slow.Started;
        using (var client = new TcpClient())
        {
            await client.ConnectAsync(app.Address.Host, app.Address.Port);
            await client.GetStream().WriteAsync(Encoding.ASCII.GetBytes($"GET /slow?ms=30000 HTTP/1.1\r\nHost: {app.Address.Authority}\r\n\r\n"));
            await Eventually.TrueAsync(() => Task.FromResult(Slow.Started > started), "the handler to start");
            client.Client.LingerState = new LingerOption(true, 0);
        }

        await Eventually.TrueAsync(
            async () => (await MetricsText.ScrapeAsync(app.Client)).Value(Requests, ("route", "/slow"), ("status", "499")) == 1,
            "the request to be counted");
        var metrics = await MetricsText.ScrapeAsync(app.Client);

        Assert.Equal(0, metrics.Value(Requests, ("route", "/slow"), ("status", "200")));
        Assert.Equal(1, metrics.Value("bunbase_action_executions_total", ("action", "slow"), ("status", "cancelled")));
        Assert.Equal(0, metrics.Value("bunbase_action_executions_total", ("action", "slow"), ("status", "failed")));
    }

    [Theory]
    [InlineData(true)]    // a reset: the connection is gone at once
    [InlineData(false)]   // a half-close: the body just ends early
    public async Task A_body_cut_off_by_the_client_is_never_a_200_or_a_500(bool reset)
    {
        await using var app = await AppServer.StartAsync();
        using (var client = new TcpClient())
        {
            await client.ConnectAsync(app.Address.Host, app.Address.Port);
            var stream = client.GetStream();
            await stream.WriteAsync(Encoding.ASCII.GetBytes(
                $"POST /echo HTTP/1.1\r\nHost: {app.Address.Authority}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{{\"name\":"));
            if (reset)
            {
                client.Client.LingerState = new LingerOption(true, 0);
            }
            else
            {
                client.Client.Shutdown(SocketShutdown.Send);
                var buffer = new byte[4096];
                using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                try
                {
                    while (await stream.ReadAsync(buffer, stop.Token) > 0)
                    {
                    }
                }
                catch (IOException)
                {
                    // The server may reset rather than close: either way the exchange is over.
                }
            }
        }

        MetricsText metrics = null!;
        await Eventually.TrueAsync(
            async () => (metrics = await MetricsText.ScrapeAsync(app.Client)).Find(Requests, ("route", "/echo")).Sum(s => s.Value) == 1,
            "the request to be counted");

        var status = Assert.Single(metrics.Find(Requests, ("route", "/echo"))).Labels["status"];
        Assert.Contains(status, new[] { "400", "499" });
        Assert.Equal(0, metrics.Value("bunbase_errors_total", ("type", "internal_error"), ("action", "echo")));
    }
}
