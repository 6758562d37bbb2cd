using System.Net;
using System.Net.Http.Json;
using Bunbase.Runtime.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Bunbase.Runtime.Foundation;

namespace Bunbase.Runtime.Tests.Hosting;

/// <summary>SIGTERM's drain (<c>shutdownDrainMs</c>): not ready, still accepting, every connection closed after its answer, then stopped.</summary>
public sealed class ShutdownDrainTests
{
    // A drain far longer than the test: it is ended by cancelling the stop, so no assertion races it.
    private const string LongDrain = """ "shutdownTimeoutMs": 120000, "shutdownDrainMs": 60000 """;

    [Fact]
    public async Task During_the_drain_the_instance_is_not_ready_still_accepts_and_closes_each_connection_after_its_answer()
    {
        await using var server = await AppServer.StartAsync(extraConfig: LongDrain);
        using var cancel = new CancellationTokenSource();
        var stop = server.Services.GetRequiredService<IHost>().StopAsync(cancel.Token);

        // New connections (a fresh client) are accepted and answered, each with Connection: close.
        using (var client = new HttpClient { BaseAddress = server.Address, Timeout = TimeSpan.FromSeconds(30) })
        {
            using var ready = await client.GetAsync("/_health/ready");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            Assert.True(ready.Headers.ConnectionClose);
            using var hello = await client.GetAsync("/hello");
            Assert.Equal(HttpStatusCode.OK, hello.StatusCode);
            Assert.True(hello.Headers.ConnectionClose);
            using var echo = await client.PostAsJsonAsync("/echo", new { name = "drain", count = 1 });
            Assert.Equal(HttpStatusCode.OK, echo.StatusCode);
            Assert.True(echo.Headers.ConnectionClose);
            using var problem = await client.PostAsJsonAsync("/echo", new { name = "" });
            Assert.Equal(HttpStatusCode.BadRequest, problem.StatusCode);
            Assert.True(problem.Headers.ConnectionClose);
        }

        Assert.False(stop.IsCompleted);
        await cancel.CancelAsync();
        await stop;
        using var after = new HttpClient { BaseAddress = server.Address, Timeout = TimeSpan.FromSeconds(30) };
        await Assert.ThrowsAsync<HttpRequestException>(() => after.GetAsync("/hello"));
    }

    [Fact]
    public async Task During_the_drain_a_GET_from_a_trusted_proxy_is_handed_back_unanswered_and_a_POST_is_served()
    {
        await using var server = await AppServer.StartAsync(extraConfig: LongDrain + """, "trustedProxies": ["127.0.0.1"] """);
        using var client = new HttpClient { BaseAddress = server.Address, Timeout = TimeSpan.FromSeconds(30) };
        using (var before = await client.GetAsync("/hello"))
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        using var cancel = new CancellationTokenSource();
        var stop = server.Services.GetRequiredService<IHost>().StopAsync(cancel.Token);

        // nginx retries such a GET on another instance and stops sending new requests here.
        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync("/hello"));
        using (var echo = await client.PostAsJsonAsync("/echo", new { name = "drain", count = 1 }))
        {
            Assert.Equal(HttpStatusCode.OK, echo.StatusCode);
            Assert.True(echo.Headers.ConnectionClose);
        }

        using (var ready = await client.GetAsync("/_health/ready"))
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);

        await cancel.CancelAsync();
        await stop;
    }

    [Fact]
    public async Task Without_a_drain_a_GET_from_a_trusted_proxy_is_answered_during_shutdown()
    {
        await using var server = await AppServer.StartAsync(extraConfig: """ "trustedProxies": ["127.0.0.1"] """);
        server.Services.GetRequiredService<IHostApplicationLifetime>().StopApplication();
        using var hello = await server.Client.GetAsync("/hello");
        Assert.Equal(HttpStatusCode.OK, hello.StatusCode);
        Assert.True(hello.Headers.ConnectionClose);
    }

    [Theory]
    [InlineData(""" "shutdownTimeoutMs": 5000, "shutdownDrainMs": 5000, "queue": { "shutdownTimeoutMs": 1000 } """, "less than shutdownTimeoutMs")]
    [InlineData(""" "shutdownTimeoutMs": 30000, "shutdownDrainMs": 15000, "queue": { "shutdownTimeoutMs": 20000 } """, "plus queue.shutdownTimeoutMs")]
    public async Task A_drain_that_leaves_no_time_to_finish_stops_start_up(string config, string message)
    {
        var error = await Assert.ThrowsAsync<StartupException>(() => AppServer.StartAsync(extraConfig: config));
        Assert.Contains("shutdownDrainMs", error.Message, StringComparison.Ordinal);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }
}
