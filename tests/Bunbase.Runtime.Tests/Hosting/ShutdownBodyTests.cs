extern alias FilesApp;

using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;
using Bunbase.Runtime.Tests.Infrastructure;

namespace Bunbase.Runtime.Tests.Hosting;

/// <summary>
/// A request whose body (JSON, or an upload) is still arriving when the server begins to stop, on a raw socket.
/// shutdownTimeoutMs is the default 30 s; the minimum data rate's grace period 5 s.
/// </summary>
public sealed class ShutdownBodyTests
{
    private const string JsonHead = "POST /echo HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\nContent-Length: 25\r\n\r\n";

    private const string UploadHead = "POST /files?key=cut HTTP/1.1\r\nHost: test\r\nContent-Type: multipart/form-data; boundary=cut\r\nContent-Length: {0}\r\n\r\n";

    private const string UploadStart = "--cut\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\nContent-Type: text/plain\r\n\r\n";

    [Fact]
    public async Task A_body_that_stops_arriving_is_not_parsed_and_does_not_hold_the_stop()
    {
        var app = await AppServer.StartAsync();
        // 11 bytes of the 25 announced, then nothing: the action's input is waiting for the rest.
        using var client = await SendAsync(app, JsonHead + "{\"name\":\"ab");

        // Before, Kestrel's cancelled read was taken for the end of the body: the 11 bytes were parsed
        // (400 malformed_json), and the connection then waited for the rest until shutdownTimeoutMs.
        await StopAndAssertCutAsync(app, client);
    }

    [Fact]
    public async Task A_body_still_arriving_is_read_to_its_end_and_answered()
    {
        var app = await AppServer.StartAsync();
        using var client = await SendAsync(app, JsonHead + "{\"name\":\"ab");

        var stop = app.DisposeAsync().AsTask();
        await Task.Delay(1_000);
        Assert.False(stop.IsCompleted);
        await client.GetStream().WriteAsync(Encoding.ASCII.GetBytes("cd\",\"count\":3}"));

        var answer = await ReadAllAsync(client);
        await stop.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.StartsWith("HTTP/1.1 200 ", answer, StringComparison.Ordinal);
        Assert.Contains("abcd", answer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_upload_that_stops_arriving_does_not_hold_the_stop_and_stores_nothing()
    {
        var files = Directory.CreateTempSubdirectory("bunbase-files-").FullName;
        try
        {
            var app = await StartFilesAppAsync(files);
            using var client = await SendAsync(app, string.Format(CultureInfo.InvariantCulture, UploadHead, 100_000) + UploadStart + "the first bytes");

            await StopAndAssertCutAsync(app, client);
            Assert.Empty(Directory.EnumerateFiles(files, "*", SearchOption.AllDirectories));
        }
        finally
        {
            Directory.Delete(files, recursive: true);
        }
    }

    [Fact]
    public async Task An_upload_arriving_in_pieces_for_longer_than_the_grace_period_is_stored()
    {
        var files = Directory.CreateTempSubdirectory("bunbase-files-").FullName;
        try
        {
            var app = await StartFilesAppAsync(files);
            var pieces = Enumerable.Range(0, 6).Select(i => $"piece {i};").ToArray();
            const string end = "\r\n--cut--\r\n";
            var length = Encoding.ASCII.GetByteCount(UploadStart + string.Concat(pieces) + end);
            using var client = await SendAsync(app, string.Format(CultureInfo.InvariantCulture, UploadHead, length) + UploadStart);

            // A piece every 1.5 s, 9 s in all: each pause is shorter than the grace period, the whole is longer.
            var stop = app.DisposeAsync().AsTask();
            foreach (var piece in pieces.Append(end))
            {
                await Task.Delay(piece == end ? 0 : 1_500);
                await client.GetStream().WriteAsync(Encoding.ASCII.GetBytes(piece));
            }

            var answer = await ReadAllAsync(client);
            await stop.WaitAsync(TimeSpan.FromSeconds(20));
            Assert.StartsWith("HTTP/1.1 200 ", answer, StringComparison.Ordinal);
            Assert.Contains($"\"length\":{string.Concat(pieces).Length},", answer, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(files, recursive: true);
        }
    }

    private static Task<AppServer> StartFilesAppAsync(string files) =>
        AppServer.StartAsync(typeof(FilesApp::Program).Assembly, extraConfig: $$""" "storage": { "localPath": {{System.Text.Json.JsonSerializer.Serialize(files)}} } """);

    /// <summary>Sends the start of a request on a connection of its own, and gives the app time to begin reading it.</summary>
    private static async Task<TcpClient> SendAsync(AppServer app, string start)
    {
        var client = new TcpClient();
        await client.ConnectAsync(app.Address.Host, app.Address.Port);
        await client.GetStream().WriteAsync(Encoding.ASCII.GetBytes(start));
        await Task.Delay(500);
        return client;
    }

    /// <summary>Stops the app: the stalled body must not hold it, and is answered 503 <c>shutting_down</c> if at all.</summary>
    private static async Task StopAndAssertCutAsync(AppServer app, TcpClient client)
    {
        var clock = Stopwatch.StartNew();
        await app.DisposeAsync();
        var stopped = clock.Elapsed;

        var answer = await ReadAllAsync(client);
        Assert.True(stopped < TimeSpan.FromSeconds(20), $"the stop took {stopped.TotalSeconds:0.0} s; the answer: {answer}");
        if (answer.Length > 0)
        {
            Assert.StartsWith("HTTP/1.1 503 ", answer, StringComparison.Ordinal);
            Assert.Contains("\"code\":\"shutting_down\"", answer, StringComparison.Ordinal);
        }
    }

    /// <summary>What the server sent before closing (a reset may come before the answer is read: the client had not finished sending).</summary>
    private static async Task<string> ReadAllAsync(TcpClient client)
    {
        var text = new StringBuilder();
        var buffer = new byte[4096];
        try
        {
            using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            int read;
            while ((read = await client.GetStream().ReadAsync(buffer, bound.Token)) > 0)
                text.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }
        catch (IOException)
        {
        }

        return text.ToString();
    }
}
