using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using StackExchange.Redis;

namespace Bunbase.Runtime.Tests.Infrastructure;

/// <summary>
/// A redis-server of the test's own on a free loopback port (no persistence), which the test may
/// stop, start again on the same port, or pause, without disturbing any other test.
/// </summary>
public sealed class PrivateRedis : IAsyncDisposable
{
    private readonly int _port;
    private readonly string[] _settings;
    private readonly string _directory = Directory.CreateTempSubdirectory("bunbase-redis-").FullName;
    private Process? _process;

    private PrivateRedis(int port, string[] settings) => (_port, _settings) = (port, settings);

    public string Url => $"redis://127.0.0.1:{_port.ToString(CultureInfo.InvariantCulture)}";

    /// <param name="settings">Server settings after the defaults, which they override (<c>--appendonly yes</c>); files go to a folder of its own.</param>
    public static async Task<PrivateRedis> StartAsync(params string[] settings)
    {
        var redis = new PrivateRedis(FreePort(), settings);
        await redis.StartServerAsync();
        return redis;
    }

    /// <summary>Starts the server (again) and waits (at most 30 s) until it answers PING.</summary>
    public async Task StartServerAsync()
    {
        var start = new ProcessStartInfo("redis-server") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "--bind", "127.0.0.1", "--port", _port.ToString(CultureInfo.InvariantCulture), "--save", "", "--appendonly", "no", "--dir", _directory })
            start.ArgumentList.Add(argument);
        foreach (var argument in _settings)
            start.ArgumentList.Add(argument);
        _process = Process.Start(start)!;
        _ = _process.StandardOutput.ReadToEndAsync();
        _ = _process.StandardError.ReadToEndAsync();
        for (var attempt = 0; attempt < 300; attempt++)
        {
            try
            {
                using var connection = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{_port},abortConnect=true,connectTimeout=1000");
                await connection.GetDatabase().PingAsync();
                return;
            }
            catch (RedisConnectionException)
            {
                await Task.Delay(100);
            }
        }

        throw new InvalidOperationException($"redis-server on port {_port} did not answer");
    }

    /// <summary>Ends the server at once (SIGKILL), as a crash would; its data is gone.</summary>
    public async Task StopServerAsync()
    {
        if (_process is not { HasExited: false } process)
            return;
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
        process.Dispose();
        _process = null;
    }

    /// <summary>The server keeps its connections and data but answers no command for a while (CLIENT PAUSE), like a hung server.</summary>
    public async Task PauseAsync(TimeSpan duration)
    {
        using var connection = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{_port},abortConnect=true,connectTimeout=2000,allowAdmin=true");
        await connection.GetDatabase().ExecuteAsync("CLIENT", "PAUSE", ((long)duration.TotalMilliseconds).ToString(CultureInfo.InvariantCulture), "ALL");
    }

    public async ValueTask DisposeAsync()
    {
        await StopServerAsync();
        Directory.Delete(_directory, recursive: true);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
