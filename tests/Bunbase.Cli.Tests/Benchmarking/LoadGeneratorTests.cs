using System.Net;
using Bunbase.Cli.Benchmarking;
using HdrHistogram;

namespace Bunbase.Cli.Tests.Benchmarking;

/// <summary>The load generator's counts are exact against a server that counts what it reads.</summary>
public sealed class LoadGeneratorTests
{
    private const int Requests = 3000;

    [Theory]
    [InlineData(1)]
    [InlineData(8)]
    public async Task Counts_every_content_length_response_once(int pipelining)
    {
        await using var server = new CountingServer();
        var outcome = await RunAsync(server, pipelining);

        Assert.Equal(Requests, server.Requests);
        AssertExact(outcome.Stats, responses: Requests);
        Assert.Equal(Requests, outcome.Stats.StatusCodes[200]);
        Assert.Equal(Requests, outcome.Stats.Latency.TotalCount);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(8)]
    public async Task Counts_every_chunked_response_once_when_it_arrives_in_pieces(int pipelining)
    {
        await using var server = new CountingServer(_ => new ServerAnswer(Chunked: true), splitWrites: true);
        var outcome = await RunAsync(server, pipelining, requests: 500);

        Assert.Equal(500, server.Requests);
        AssertExact(outcome.Stats, responses: 500);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public async Task Counts_non_2xx_responses(int pipelining)
    {
        await using var server = new CountingServer(n => n % 5 == 0 ? new ServerAnswer(503) : n % 7 == 0 ? new ServerAnswer(404, Chunked: true) : ServerAnswer.Ok);
        var outcome = await RunAsync(server, pipelining);

        AssertExact(outcome.Stats, responses: Requests);
        var refused = Enumerable.Range(1, Requests).Count(n => n % 5 == 0);
        var missing = Enumerable.Range(1, Requests).Count(n => n % 5 != 0 && n % 7 == 0);
        Assert.Equal(refused, outcome.Stats.StatusCodes[503]);
        Assert.Equal(missing, outcome.Stats.StatusCodes[404]);
        Assert.Equal(refused + missing, outcome.Stats.Non2xx);
    }

    [Fact]
    public async Task Counts_a_request_the_server_closed_the_connection_on_as_an_error()
    {
        await using var server = new CountingServer(n => n % 10 == 0 ? new ServerAnswer(Close: true) : ServerAnswer.Ok);
        var outcome = await RunAsync(server, pipelining: 1);

        Assert.Equal(Requests, server.Requests);
        Assert.Equal(Requests / 10, server.ClosedUnanswered);
        Assert.Equal(server.Answered, outcome.Stats.Responses);
        Assert.Equal(Requests / 10, outcome.Stats.ReadErrors);
        Assert.Equal(0, outcome.Stats.Timeouts);
        // The generator opened a new connection after each close.
        Assert.True(outcome.Stats.Connects >= (Requests / 10) + 1);
    }

    [Fact]
    public async Task Counts_pipelined_requests_lost_with_a_closed_connection_as_errors()
    {
        await using var server = new CountingServer(n => n % 50 == 0 ? new ServerAnswer(Close: true) : ServerAnswer.Ok);
        var outcome = await RunAsync(server, pipelining: 8);

        // Every request sent is either answered or counted as an error: none lost, none counted twice.
        Assert.Equal(outcome.Stats.Sent, outcome.Stats.Responses + outcome.Stats.ReadErrors);
        Assert.Equal(server.Answered, outcome.Stats.Responses);
        Assert.True(outcome.Stats.ReadErrors >= server.ClosedUnanswered);
        Assert.Equal(Requests, outcome.Stats.Sent);
    }

    [Fact]
    public async Task Counts_connections_refused_as_errors()
    {
        var port = ClosedPort();
        var plan = Plan(new IPEndPoint(IPAddress.Loopback, port), connections: 2, pipelining: 1, requests: null, duration: TimeSpan.FromMilliseconds(300));
        var outcome = await LoadGenerator.RunAsync(plan, TimeProvider.System, null, CancellationToken.None);

        Assert.True(outcome.Stats.ConnectErrors >= 2);
        Assert.Equal(0, outcome.Stats.Sent);
        Assert.Equal(0, outcome.Stats.Responses);
    }

    [Fact]
    public async Task A_timed_run_awaits_the_responses_in_flight_at_its_end()
    {
        await using var server = new CountingServer();
        var plan = Plan(server.EndPoint, connections: 6, pipelining: 4, requests: null, duration: TimeSpan.FromMilliseconds(500));
        var outcome = await LoadGenerator.RunAsync(plan, TimeProvider.System, null, CancellationToken.None);

        Assert.True(outcome.Stats.Responses > 0);
        Assert.Equal(server.Requests, outcome.Stats.Sent);
        AssertExact(outcome.Stats, responses: outcome.Stats.Sent);
    }

    [Fact]
    public async Task Constant_rate_mode_counts_exactly_and_records_both_latencies()
    {
        await using var server = new CountingServer();
        var plan = Plan(server.EndPoint, connections: 4, pipelining: 1, requests: 200, duration: TimeSpan.FromSeconds(60)) with { Rate = 1000 };
        var outcome = await LoadGenerator.RunAsync(plan, TimeProvider.System, null, CancellationToken.None);

        Assert.Equal(200, server.Requests);
        AssertExact(outcome.Stats, responses: 200);
        Assert.Equal(200, outcome.Stats.Latency.TotalCount);
        Assert.Equal(200, outcome.Stats.UncorrectedLatency.TotalCount);
        // Measured from the intended send time, latency is never below the latency from the actual send.
        Assert.True(outcome.Stats.Latency.GetMaxValue() >= outcome.Stats.UncorrectedLatency.GetMaxValue());
    }

    [Fact]
    public async Task Reads_a_body_that_ends_when_the_server_closes()
    {
        await using var server = new RawServer("HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nno length here"u8.ToArray());
        var plan = Plan(server.EndPoint, connections: 1, pipelining: 1, requests: 5, duration: TimeSpan.FromSeconds(60));
        var outcome = await LoadGenerator.RunAsync(plan, TimeProvider.System, null, CancellationToken.None);

        AssertExact(outcome.Stats, responses: 5);
        Assert.Equal(5, outcome.Stats.Connects);
    }

    internal static int ClosedPort()
    {
        var probe = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    private static void AssertExact(WorkerStats stats, long responses)
    {
        Assert.Equal(responses, stats.Sent);
        Assert.Equal(responses, stats.Responses);
        Assert.Equal(0, stats.Errors);
        Assert.Equal(0, stats.Timeouts);
    }

    private static Task<LoadOutcome> RunAsync(CountingServer server, int pipelining, int requests = Requests) =>
        LoadGenerator.RunAsync(Plan(server.EndPoint, connections: 8, pipelining, requests, TimeSpan.FromSeconds(60)), TimeProvider.System, null, CancellationToken.None);

    private static LoadPlan Plan(IPEndPoint target, int connections, int pipelining, long? requests, TimeSpan duration)
    {
        var get = RequestEncoder.Encode("GET", "/hello", "127.0.0.1", [], null);
        var post = RequestEncoder.Encode("POST", "/echo", "127.0.0.1", [new("Content-Type", "application/json")], "{\"name\":\"x\",\"count\":1}");
        var pool = new RequestPool([get, post, get], [false, false, false], ["get", "post", "get"]);
        return new LoadPlan(target, "127.0.0.1", pool, connections, Threads: 2, pipelining, duration, Rate: null, requests, Timeout: TimeSpan.FromSeconds(30));
    }
}
