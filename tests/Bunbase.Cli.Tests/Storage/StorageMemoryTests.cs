using System.Globalization;
using System.Net;
using System.Security.Cryptography;

namespace Bunbase.Cli.Tests.Storage;

/// <summary>
/// Files stream through the server: a 100 MB upload and download through the files fixture app,
/// run as a process of its own so its peak resident memory (Linux <c>VmHWM</c>) is the server's alone.
/// </summary>
public sealed class StorageMemoryTests
{
    private const long FileBytes = 100_000_000;

    [Fact]
    public async Task A_100_MB_round_trip_keeps_the_servers_peak_memory_far_below_the_file_size()
    {
        if (!File.Exists("/proc/self/status"))
            return;
        var directory = Directory.CreateTempSubdirectory("bunbase-files-memory-").FullName;
        try
        {
            var port = ChildProcess.FreePort();
            var config = Path.Combine(directory, "bunbase.config.json");
            await File.WriteAllTextAsync(config, $$"""{ "name": "files-memory", "host": "127.0.0.1", "port": {{port}}, "storage": { "localPath": "storage" } }""");
            using var process = ChildProcess.Start(directory, new Dictionary<string, string>(), Path.Combine(AppContext.BaseDirectory, "Bunbase.FilesApp.dll"), "--config", config);
            var address = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}");
            Assert.True(await process.WaitUntilServingAsync(new Uri(address, "/_health/live"), TimeSpan.FromSeconds(60)), process.Output);
            using var client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromMinutes(5) };

            // Warm up (JIT, pools) with a small round trip, then take the peak so far.
            await RoundTripAsync(client, "warm.bin", 2_000_000);
            var before = PeakResidentBytes(process.Id);

            await RoundTripAsync(client, "big.bin", FileBytes);

            var growth = PeakResidentBytes(process.Id) - before;
            Assert.True(growth < FileBytes / 4, $"the server's peak resident memory grew by {growth:N0} bytes for a {FileBytes:N0}-byte file");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task RoundTripAsync(HttpClient client, string key, long length)
    {
        var source = new GeneratedStream(length);
        using var content = new StreamContent(source, 128 * 1024);
        content.Headers.ContentType = new("application/octet-stream");
        content.Headers.ContentLength = length;
        using (var upload = await client.PostAsync($"/files?key={key}", content))
            Assert.True(upload.StatusCode == HttpStatusCode.OK, await upload.Content.ReadAsStringAsync());

        using var download = await client.GetAsync($"/files?key={key}", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(length, download.Content.Headers.ContentLength);
        await using var body = await download.Content.ReadAsStreamAsync();
        Assert.Equal(source.Sha256(), Convert.ToHexStringLower(await SHA256.HashDataAsync(body)));
    }

    /// <summary>The process's peak resident set size (VmHWM), in bytes.</summary>
    private static long PeakResidentBytes(int pid)
    {
        var line = File.ReadLines($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
    }

    /// <summary>Pseudo-random bytes made as they are read (never held whole), hashed on the way.</summary>
    private sealed class GeneratedStream(long length) : Stream
    {
        private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        private long _position;
        private ulong _state = 0x9E3779B97F4A7C15;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => length;

        public override long Position { get => _position; set => throw new NotSupportedException(); }

        private string? _digest;

        /// <summary>The SHA-256 of everything read (once read to the end).</summary>
        public string Sha256() => _digest ?? throw new InvalidOperationException("not read to the end");

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = (int)Math.Min(count, length - _position);
            for (var i = 0; i < n; i++)
            {
                _state ^= _state << 13;
                _state ^= _state >> 7;
                _state ^= _state << 17;
                buffer[offset + i] = (byte)_state;
            }

            _hash.AppendData(buffer, offset, n);
            _position += n;
            if (_position == length)
                _digest ??= Convert.ToHexStringLower(_hash.GetCurrentHash());
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
                _hash.Dispose();
            base.Dispose(disposing);
        }
    }
}
