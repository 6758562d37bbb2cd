using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using Bunbase.Runtime.Tests.Infrastructure;

namespace Bunbase.Runtime.Tests.Hosting;

/// <summary>A request whose JSON body is still arriving when the server begins to stop.</summary>
public sealed class ShutdownBodyTests
{
    [Fact]
    public async Task A_body_cut_by_shutdown_is_not_parsed_and_does_not_hold_the_stop()
    {
        var app = await AppServer.StartAsync(); // shutdownTimeoutMs: 30 s
        using var client = new TcpClient();
        await client.ConnectAsync(app.Address.Host, app.Address.Port);
        var stream = client.GetStream();
        // 14 bytes of the 1,000 announced, then nothing: the action's input is waiting for the rest.
        await stream.WriteAsync(Encoding.ASCII.GetBytes("POST /echo HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"message\":\"ab"));
        await Task.Delay(500);

        var clock = Stopwatch.StartNew();
        await app.DisposeAsync();
        var stopped = clock.Elapsed;

        // Before, Kestrel's cancelled read was taken for the end of the body: the 14 bytes were parsed
        // (400 malformed_json), and the connection then waited for the rest until shutdownTimeoutMs.
        var answer = await ReadAllAsync(stream);
        Assert.True(stopped < TimeSpan.FromSeconds(20), $"the stop took {stopped.TotalSeconds:0.0} s; the answer: {answer}");
        if (answer.Length > 0)
        {
            Assert.StartsWith("HTTP/1.1 503 ", answer, StringComparison.Ordinal);
            Assert.Contains("\"code\":\"shutting_down\"", answer, StringComparison.Ordinal);
        }
    }

    /// <summary>What the server sent before closing (a reset may come before the answer is read: the client had not finished sending).</summary>
    private static async Task<string> ReadAllAsync(NetworkStream stream)
    {
        var text = new StringBuilder();
        var buffer = new byte[4096];
        try
        {
            using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            int read;
            while ((read = await stream.ReadAsync(buffer, bound.Token)) > 0)
                text.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }
        catch (IOException)
        {
        }

        return text.ToString();
    }
}
