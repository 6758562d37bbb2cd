using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Bunbase.Runtime.Configuration;
using Bunbase.Runtime.Pipeline;
using Bunbase.Runtime.Storage;

namespace Bunbase.Runtime.Tests.Storage;

/// <summary>
/// A bucket that is down (nothing listens) or hung (it accepts and never answers): 503
/// <c>storage_unavailable</c> within <c>storage.s3.timeoutMs</c>, not a 500 after minutes.
/// </summary>
public sealed class S3OutageTests : IDisposable
{
    private readonly TcpListener _hung = new(IPAddress.Loopback, 0);
    private readonly List<Socket> _accepted = [];

    public S3OutageTests()
    {
        _hung.Start();
        _ = AcceptForeverAsync();
    }

    public void Dispose()
    {
        _hung.Stop();
        lock (_accepted)
        {
            foreach (var socket in _accepted)
                socket.Dispose();
        }
    }

    [Fact]
    public async Task A_bucket_nothing_listens_for_is_storage_unavailable()
    {
        using var backend = new S3StorageBackend(Options(ClosedPort(), timeoutMs: 10_000));

        var error = await Assert.ThrowsAsync<StorageUnavailableException>(() => backend.HeadAsync("a.png", CancellationToken.None));

        var classification = ErrorClassifier.Classify(error, CancellationToken.None);
        Assert.Equal(503, classification.Status);
        Assert.Equal("storage_unavailable", classification.Code);
        Assert.True(classification.Retryable);
    }

    [Fact]
    public async Task A_bucket_that_does_not_answer_fails_within_the_timeout()
    {
        using var backend = new S3StorageBackend(Options(((IPEndPoint)_hung.LocalEndpoint).Port, timeoutMs: 1_000));
        var clock = Stopwatch.StartNew();

        // The SDK's own limits (100 s an attempt, then retries) held this for minutes.
        var put = backend.PutAsync("a.png", new MemoryStream([1, 2, 3]), "image/png", new Dictionary<string, string>(), null, CancellationToken.None);
        var error = await Assert.ThrowsAsync<StorageUnavailableException>(() => put.WaitAsync(TimeSpan.FromSeconds(60)));

        Assert.IsType<TimeoutException>(error.InnerException);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"the put took {clock.Elapsed.TotalSeconds:0.0} s");
    }

    [Fact]
    public async Task The_caller_going_away_is_not_an_outage()
    {
        using var backend = new S3StorageBackend(Options(((IPEndPoint)_hung.LocalEndpoint).Port, timeoutMs: 30_000));
        using var gone = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => backend.HeadAsync("a.png", gone.Token));
    }

    private static S3StorageOptions Options(int port, int timeoutMs) => new()
    {
        Bucket = "files",
        ServiceUrl = $"http://127.0.0.1:{port}",
        AccessKeyId = "S3RVER",
        SecretAccessKey = "S3RVER",
        TimeoutMs = timeoutMs,
    };

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private async Task AcceptForeverAsync()
    {
        try
        {
            while (true)
            {
                var socket = await _hung.AcceptSocketAsync();
                lock (_accepted)
                    _accepted.Add(socket);
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // Stopped by Dispose.
        }
    }
}
