using System.Diagnostics;
using System.Globalization;
using Bunbase.Runtime.Configuration;
using Bunbase.Runtime.Tests.Infrastructure;

namespace Bunbase.Runtime.Tests.Storage;

/// <summary>
/// A real S3-compatible server on loopback (<c>tests/openapi-tools/s3-server.mjs</c>, the npm
/// <c>s3rver</c>) in a process of its own, with one bucket, on a free port.
/// </summary>
public sealed class S3Server : IAsyncDisposable
{
    public const string Bucket = "bunbase-test";
    private readonly Process _process;
    private readonly string _directory;

    private S3Server(Process process, string directory, int port)
    {
        _process = process;
        _directory = directory;
        Port = port;
    }

    public int Port { get; }

    public string ServiceUrl => $"http://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>The objects the server holds (its own files, one folder per object), for checks that nothing partial was kept.</summary>
    public int ObjectCount => Directory.Exists(Path.Combine(_directory, Bucket))
        ? Directory.EnumerateFiles(Path.Combine(_directory, Bucket), "object", SearchOption.AllDirectories).Count()
        : 0;

    /// <summary>The <c>storage.s3</c> options that reach this server (objects under <paramref name="prefix"/>).</summary>
    public S3StorageOptions Options(string prefix = "") => new()
    {
        Bucket = Bucket,
        ServiceUrl = ServiceUrl,
        AccessKeyId = "S3RVER",
        SecretAccessKey = "S3RVER",
        Prefix = prefix,
    };

    /// <summary>The same as a <c>storage</c> configuration section (JSON).</summary>
    public string ConfigJson(string prefix = "") =>
        $$"""{ "backend": "s3", "s3": { "bucket": "{{Bucket}}", "serviceUrl": "{{ServiceUrl}}", "accessKeyId": "S3RVER", "secretAccessKey": "S3RVER", "prefix": "{{prefix}}" } }""";

    public static async Task<S3Server> StartAsync()
    {
        if (!File.Exists(Path.Combine(NodeTools.Directory, "node_modules", ".package-lock.json")))
            throw new InvalidOperationException($"{NodeTools.Directory} has no node_modules: run ./test.sh (it runs npm ci there).");
        var directory = Directory.CreateTempSubdirectory("bunbase-s3-").FullName;
        var start = new ProcessStartInfo("node") { WorkingDirectory = NodeTools.Directory, RedirectStandardOutput = true, RedirectStandardInput = true, RedirectStandardError = true };
        // s3rver makes list tokens with a cipher OpenSSL 3 keeps in its legacy provider.
        foreach (var argument in new[] { "--openssl-legacy-provider", "s3-server.mjs", directory, Bucket, "0" })
            start.ArgumentList.Add(argument);
        var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var line = await process.StandardOutput.ReadLineAsync(timeout.Token) ?? throw new InvalidOperationException("the S3 server exited: " + await process.StandardError.ReadToEndAsync(timeout.Token));
        return new S3Server(process, directory, int.Parse(line["listening ".Length..], CultureInfo.InvariantCulture));
    }

    public async ValueTask DisposeAsync()
    {
        await NodeTools.StopAsync(_process);
        Directory.Delete(_directory, recursive: true);
    }
}

/// <summary>One S3 server shared by the tests of a class.</summary>
public sealed class S3ServerFixture : IAsyncLifetime
{
    public S3Server Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await S3Server.StartAsync();

    public async Task DisposeAsync() => await Server.DisposeAsync();
}
