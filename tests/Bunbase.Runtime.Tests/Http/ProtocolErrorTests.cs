using System.Text;
using Bunbase.Runtime.Tests.Infrastructure;

namespace Bunbase.Runtime.Tests.Http;

/// <summary>
/// Malformed HTTP: what the app can shape is a problem+json with a fitting code and a user-level
/// message; what Kestrel answers before the app runs keeps the statuses the README states, and the
/// server stays healthy after each.
/// </summary>
public sealed class ProtocolErrorTests(ProductionApp app) : IClassFixture<ProductionApp>
{
    [Theory]
    [InlineData("ffffffffffffffffffff")]   // more than 64 bits: Kestrel's parser overflows
    [InlineData("7fffffffffffffff")]
    [InlineData("80000000")]               // past int.MaxValue
    [InlineData("1g")]
    [InlineData("-1")]
    [InlineData("0x10")]
    [InlineData("")]
    public async Task A_chunk_size_that_is_not_a_hex_size_is_a_400_problem(string size)
    {
        var response = await PostChunked($"{size}\r\n{{\"name\":\"a\",\"count\":1}}\r\n0\r\n\r\n");

        Assert.True(response.Status == 400, response.ToString());
        var problem = response.Problem();
        Assert.Equal("malformed_body", problem.GetProperty("code").GetString());
        Assert.Contains("chunked", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await AssertServerHealthy();
    }

    [Theory]
    [InlineData("5\r\n{\"nam\r\n")]                       // the body ends inside the chunk framing
    [InlineData("5\r\n{\"namXX0\r\n\r\n")]                // chunk data longer than its size, no CRLF after it
    [InlineData("3;" + "ext\r\n{\"n\r\n0\r\n\r\n")]        // a valid chunk extension, then a body that is not the input
    public async Task Broken_chunk_framing_is_a_4xx_problem_or_a_closed_connection(string body)
    {
        var response = await PostChunked(body, close: true);

        // A body cut short leaves nobody to answer once the client closes; otherwise a problem.
        if (response.Status != 0)
        {
            Assert.InRange(response.Status, 400, 499);
            response.Problem();
        }

        await AssertServerHealthy();
    }

    [Fact]
    public async Task A_trickled_body_is_a_408_problem_in_plain_words()
    {
        // Kestrel wants 240 bytes a second after a 5-second grace; one byte then silence misses that.
        var head = Encoding.ASCII.GetBytes($"POST /echo HTTP/1.1\r\nHost: {app.Server.Address.Authority}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{{");
        var response = await RawHttp.ExchangeAsync(app.Server.Address, head);

        Assert.True(response.Status == 408, response.ToString());
        var problem = response.Problem();
        Assert.Equal("request_timeout", problem.GetProperty("code").GetString());
        var detail = problem.GetProperty("detail").GetString()!;
        Assert.DoesNotContain("MinRequestBodyDataRate", detail, StringComparison.Ordinal);
        Assert.Contains("too slowly", detail, StringComparison.Ordinal);
        await AssertServerHealthy();
    }

    [Fact]
    public async Task A_request_line_over_8_KiB_is_a_414_from_the_server()
    {
        var response = await RawHttp.ExchangeAsync(app.Server.Address, $"GET /hello?{new string('a', 9000)} HTTP/1.1\r\nHost: x\r\n\r\n");

        Assert.Equal(414, response.Status);
        await AssertServerHealthy();
    }

    [Fact]
    public async Task Headers_over_32_KiB_are_a_431_from_the_server()
    {
        var headers = string.Concat(Enumerable.Range(0, 5).Select(i => $"X-Big-{i}: {new string('b', 7000)}\r\n"));
        var response = await RawHttp.ExchangeAsync(app.Server.Address, $"GET /hello HTTP/1.1\r\nHost: x\r\n{headers}\r\n");

        Assert.Equal(431, response.Status);
        await AssertServerHealthy();
    }

    [Fact]
    public async Task More_than_100_headers_are_a_431_from_the_server()
    {
        var headers = string.Concat(Enumerable.Range(0, 101).Select(i => $"X-H-{i}: v\r\n"));
        var response = await RawHttp.ExchangeAsync(app.Server.Address, $"GET /hello HTTP/1.1\r\nHost: x\r\n{headers}\r\n");

        Assert.Equal(431, response.Status);
        await AssertServerHealthy();
    }

    [Fact]
    public async Task Trailers_over_the_header_limit_are_a_431_problem_that_says_so()
    {
        var trailers = string.Concat(Enumerable.Range(0, 5).Select(i => $"X-Trailer-{i}: {new string('t', 7000)}\r\n"));
        var response = await PostChunked($"16\r\n{{\"name\":\"a\",\"count\":1}}\r\n0\r\n{trailers}\r\n");

        Assert.True(response.Status == 431, response.ToString());
        var problem = response.Problem();
        Assert.Equal("request_headers_too_large", problem.GetProperty("code").GetString());
        Assert.Contains("trailers", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await AssertServerHealthy();
    }

    [Theory]
    [InlineData("gzip, chunked")]
    [InlineData("deflate,chunked")]
    [InlineData("x-custom, chunked")]
    public async Task A_transfer_coding_besides_chunked_is_a_400_problem_not_a_body_of_compressed_bytes(string codings)
    {
        using var compressed = new MemoryStream();
        await using (var gzip = new System.IO.Compression.GZipStream(compressed, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
            await gzip.WriteAsync(Encoding.UTF8.GetBytes("""{"name":"a","count":1}"""));
        var body = compressed.ToArray();
        var head = Encoding.ASCII.GetBytes($"POST /echo HTTP/1.1\r\nHost: {app.Server.Address.Authority}\r\nContent-Type: application/json\r\nTransfer-Encoding: {codings}\r\n\r\n{body.Length:x}\r\n");
        var response = await RawHttp.ExchangeAsync(app.Server.Address, [.. head, .. body, .. "\r\n0\r\n\r\n"u8]);

        Assert.True(response.Status == 400, response.ToString());
        var problem = response.Problem();
        Assert.Equal("unsupported_transfer_encoding", problem.GetProperty("code").GetString());
        Assert.Contains("chunked", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await AssertServerHealthy();
    }

    [Fact]
    public async Task Options_star_names_its_target_in_the_problem()
    {
        var response = await RawHttp.ExchangeAsync(app.Server.Address, "OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n");

        Assert.True(response.Status == 404, response.ToString());
        var problem = response.Problem();
        Assert.Equal("*", problem.GetProperty("instance").GetString());
        Assert.Equal("No action is served at *.", problem.GetProperty("detail").GetString());
        await AssertServerHealthy();
    }

    [Theory]
    [InlineData("GET /hello HTTP/1.2\r\nHost: x\r\n\r\n", 505)]
    [InlineData("GET /hello HTTP/3.0\r\nHost: x\r\n\r\n", 505)]
    [InlineData("GET /hello HTTX/1.1\r\nHost: x\r\n\r\n", 505)]
    [InlineData("GET  /hello HTTP/1.1\r\nHost: x\r\n\r\n", 400)]
    [InlineData("GET /hello HTTP/1.1\r\n\r\n", 400)]                                 // no Host
    [InlineData("GET /hello HTTP/1.1\r\nHost: x\r\nHost: y\r\n\r\n", 400)]          // two Hosts
    [InlineData("GET /hello HTTP/1.1\r\nHost: x\r\nBad Header: v\r\n\r\n", 400)]
    [InlineData("GET /hello HTTP/1.1\r\nHost: x\r\nX-A: a\0b\r\n\r\n", 400)]
    [InlineData("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n", 400)]
    [InlineData("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n", 400)]
    [InlineData("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n", 400)]
    public async Task Malformed_requests_get_the_servers_own_status(string request, int status)
    {
        var response = await RawHttp.ExchangeAsync(app.Server.Address, request);

        Assert.True(response.Status == status, response.ToString());
        await AssertServerHealthy();
    }

    private Task<RawResponse> PostChunked(string body, bool close = false) =>
        RawHttp.ExchangeAsync(app.Server.Address, Encoding.ASCII.GetBytes(
            $"POST /echo HTTP/1.1\r\nHost: {app.Server.Address.Authority}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n{(close ? "Connection: close\r\n" : "")}\r\n{body}"));

    private async Task AssertServerHealthy()
    {
        using var content = new StringContent("""{"name":"still","count":7}""", Encoding.UTF8, "application/json");
        var response = await app.Client.PostAsync("/echo", content);
        Assert.Equal("""{"name":"still","count":7}""", await response.Content.ReadAsStringAsync());
    }
}
