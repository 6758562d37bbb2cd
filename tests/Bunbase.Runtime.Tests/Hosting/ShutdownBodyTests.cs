using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using Bunbase.Runtime.Tests.Infrastructure;

namespace Bunbase.Runtime.Tests.Hosting;

/// <summary>A request whose JSON body is still arriving when the server begins to stop.</summary>
public sealed class ShutdownBodyTests
{
    private const string Head = "POST /echo HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\nContent-Length: 25\r\n\r\n";

    [Fact]
    public async Task A_body_that_stops_arriving_is_not_parsed_and_does_not_hold_the_stop()
    {
        var app = await AppServer.StartAsync(); // shutdownTimeoutMs: 30 s
        using var client = new TcpClient();
        await client.ConnectAsync(app.Address.Host, app.Address.Port);
        var stream = client.GetStream();
        // 11 bytes of the 25 announced, then nothing: the action's input is waiting for the rest.
        await stream.WriteAsync(Encoding.ASCII.GetBytes(Head + "{\"name\":\"ab"));
        await Task.Delay(500);

        var clock = Stopwatch.StartNew();
        await app.DisposeAsync();
        var stopped = clock.Elapsed;

        // Before, Kestrel's cancelled read was taken for the end of the body: the 11 bytes were parsed
        // (400 malformed_json), and the connection then waited for the rest until shutdownTimeoutMs.
        var answer = await ReadAllAsync(stream);
        Assert.True(stopped < TimeSpan.FromSeconds(20), $"the stop took {stopped.TotalSeconds:0.0} s; the answer: {answer}");
        if (answer.Length > 0)
        {
            Assert.StartsWith("HTTP/1.1 503 ", answer, StringComparison.Ordinal);
            Assert.Contains("\"code\":\"shutting_down\"", answer, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_body_still_arriving_is_read_to_its_end_and_answered()
    {
        var app = await AppServer.StartAsync();
        using var client = new TcpClient();
        await client.ConnectAsync(app.Address.Host, app.Address.Port);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(Head + "{\"name\":\"ab"));
        await Task.Delay(500);

        var stop = app.DisposeAsync().AsTask();
        await Task.Delay(1_000);
        Assert.False(stop.IsCompleted);
        await stream.WriteAsync(Encoding.ASCII.GetBytes("cd\",\"count\":3}"));

        var answer = await ReadAllAsync(stream);
        await stop.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.StartsWith("HTTP/1.1 200 ", answer, StringComparison.Ordinal);
        Assert.Contains("abcd", answer, StringComparison.Ordinal);
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
