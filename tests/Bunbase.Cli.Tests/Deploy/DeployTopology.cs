using System.Diagnostics;
using System.Globalization;
using System.Net;

namespace Bunbase.Cli.Tests.Deploy;

/// <summary>
/// docker-compose.yml's topology as plain processes on loopback: the example app published once
/// (Release), its <c>--migrate</c> run once, three instances (Production, one session key, a private
/// Redis, a scratch database on the test PostgreSQL with the test replica as read replica,
/// <c>trustedProxies</c> = nginx), and nginx with <c>deploy/nginx.conf</c> adapted in ports and paths only.
/// </summary>
public sealed class DeployTopology : IAsyncLifetime
{
    public const int InstanceCount = 3;

    /// <summary>The drain the instances get (the deploy files use 5,000 ms; shorter keeps the test quick).</summary>
    public const int DrainMs = 2_000;

    private static readonly string ReplicaServer = Environment.GetEnvironmentVariable("BUNBASE_TEST_REPLICA_URL") ?? "postgres://bunbase_test:bunbase_test@127.0.0.1:5433/bunbase_test";
    private readonly string _directory = Directory.CreateTempSubdirectory("bunbase-deploy-").FullName;
    private readonly ChildProcess?[] _instances = new ChildProcess?[InstanceCount];
    private ChildProcess? _redis;
    private DateTime _lastDisruption = DateTime.MinValue;
    private ChildProcess? _nginx;

    public ScratchDatabase Database { get; private set; } = null!;

    public string AppDirectory => Path.Combine(_directory, "app");

    public int[] InstancePorts { get; } = [.. Enumerable.Range(0, InstanceCount).Select(_ => ChildProcess.FreePort())];

    public Uri[] InstanceAddresses => [.. InstancePorts.Select(p => new Uri($"http://127.0.0.1:{p.ToString(CultureInfo.InvariantCulture)}"))];

    public int NginxPort { get; } = ChildProcess.FreePort();

    public Uri NginxAddress => new($"http://127.0.0.1:{NginxPort.ToString(CultureInfo.InvariantCulture)}");

    public string SessionSecret { get; } = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(48));

    public string NginxErrorLog => Path.Combine(_directory, "nginx", "error.log");

    public string NginxAccessLog => Path.Combine(_directory, "nginx", "access.log");

    private int RedisPort { get; } = ChildProcess.FreePort();

    public async Task InitializeAsync()
    {
        var publish = await RunAsync(RepositoryPaths.Root, [], "publish", Path.Combine(RepositoryPaths.Root, "examples", "bunbase-app", "BunbaseApp.csproj"), "-c", "Release", "-o", AppDirectory, "-nologo", "-v", "quiet");
        if (publish.ExitCode != 0)
            throw new InvalidOperationException("publish failed: " + publish.Output);
        Database = await ScratchDatabase.CreateAsync();
        _redis = ChildProcess.StartProgram("redis-server", ["--port", RedisPort.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]);

        // The deploy step before any instance starts (compose's one-shot migrate service: the published app with --migrate).
        var migrate = await RunAsync(AppDirectory, new() { ["DATABASE_URL"] = Database.Url, ["ASPNETCORE_ENVIRONMENT"] = "Production" }, Path.Combine(AppDirectory, "BunbaseApp.dll"), "--migrate");
        if (migrate.ExitCode != 0)
            throw new InvalidOperationException("the app's --migrate failed: " + migrate.Output);

        for (var i = 0; i < InstanceCount; i++)
            _instances[i] = StartInstance(i);
        for (var i = 0; i < InstanceCount; i++)
            await WaitUntilReadyAsync(i);

        _nginx = StartNginx();
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        for (var attempt = 0; attempt < 100; attempt++)
        {
            try
            {
                using var response = await client.GetAsync(new Uri(NginxAddress, "/_health/ready"));
                if (response.StatusCode == HttpStatusCode.OK)
                    return;
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(200);
        }

        throw new InvalidOperationException("nginx did not answer: " + _nginx.Output + ReadIfExists(NginxErrorLog));
    }

    public ChildProcess Instance(int index) => _instances[index]!;

    /// <summary>How long nginx skips an instance after a failed attempt (deploy/nginx.conf's fail_timeout).</summary>
    public TimeSpan NginxFailTimeout { get; } = NginxConfig.FailTimeout(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "deploy", "nginx.conf")));

    /// <summary>
    /// The README's rolling-restart rule: the next instance is stopped only once nginx routes to the
    /// previous one again, fail_timeout after it was stopped (nginx skips it that long).
    /// </summary>
    public async Task WaitUntilNginxRoutesToEveryInstanceAsync()
    {
        var until = _lastDisruption + NginxFailTimeout + TimeSpan.FromSeconds(1);
        if (until > DateTime.UtcNow)
            await Task.Delay(until - DateTime.UtcNow);
    }

    /// <summary>Sends SIGTERM and waits (bounded) for the exit; returns the exit code.</summary>
    public async Task<int> TerminateAsync(int index)
    {
        var instance = Instance(index);
        _lastDisruption = DateTime.UtcNow;
        instance.Terminate();
        if (!await instance.WaitForExitAsync(TimeSpan.FromSeconds(60)))
            throw new TimeoutException($"instance {index} did not exit after SIGTERM: {instance.Output}");
        return instance.ExitCode;
    }

    /// <summary>SIGKILL, as a crash would.</summary>
    public void Kill(int index)
    {
        _lastDisruption = DateTime.UtcNow;
        Instance(index).Kill();
    }

    /// <summary>Starts the instance again on its port (after it exited) and waits until it is ready.</summary>
    public async Task RestartAsync(int index)
    {
        _instances[index]?.Dispose();
        _instances[index] = StartInstance(index);
        await WaitUntilReadyAsync(index);
    }

    /// <summary>Runs the published app with <c>--health-check</c> against a port (what the container healthcheck runs).</summary>
    public async Task<(int ExitCode, string Output)> HealthCheckAsync(int port) =>
        await RunAsync(AppDirectory, new() { ["PORT"] = port.ToString(CultureInfo.InvariantCulture), ["BUNBASE__HOST"] = "127.0.0.1" }, Path.Combine(AppDirectory, "BunbaseApp.dll"), "--health-check");

    public string Logs() =>
        string.Join("\n", _instances.Select((p, i) => $"--- instance {i}\n{p?.Output}")) + "\n--- nginx error log\n" + ReadIfExists(NginxErrorLog);

    public async Task DisposeAsync()
    {
        _nginx?.Dispose();
        foreach (var instance in _instances)
            instance?.Dispose();
        _redis?.Dispose();
        if (Database is not null)
            await Database.DisposeAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private ChildProcess StartInstance(int index)
    {
        var replica = new UriBuilder(ReplicaServer) { Path = "/" + Database.Name }.Uri.ToString();
        return ChildProcess.Start(AppDirectory, InstanceEnvironment(index, replica), Path.Combine(AppDirectory, "BunbaseApp.dll"));
    }

    /// <summary>What every instance shares (the README's Deploy section lists it), and its own port.</summary>
    private Dictionary<string, string> InstanceEnvironment(int index, string replica) => new()
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
        ["PORT"] = InstancePorts[index].ToString(CultureInfo.InvariantCulture),
        ["DATABASE_URL"] = Database.Url,
        ["REDIS_URL"] = $"redis://127.0.0.1:{RedisPort.ToString(CultureInfo.InvariantCulture)}",
        ["BUNBASE__HOST"] = "127.0.0.1",
        ["BUNBASE__AUTH__SESSIONSECRET"] = SessionSecret,
        ["BUNBASE__TRUSTEDPROXIES"] = "127.0.0.1",
        ["BUNBASE__SHUTDOWNDRAINMS"] = DrainMs.ToString(CultureInfo.InvariantCulture),
        ["BUNBASE__DATABASE__READREPLICAS"] = replica,
        // Sign-ups made by the thousand; real deployments keep the default.
        ["BUNBASE__AUTH__PASSWORDITERATIONS"] = "10000",
        // A busy 2-core machine: Redis answers are waited for, never served by policy.
        ["BUNBASE__REDIS__TIMEOUTMS"] = "5000",
        ["BUNBASE__RATELIMIT__ONSTOREFAILURE"] = "Closed",
        ["BUNBASE__QUEUE__POLLINTERVALMS"] = "200",

        // Sign-in without the mailed code (mail goes to the log here); the example's verification has its own tests.
        ["BUNBASE__ACCOUNTS__REQUIREVERIFIEDEMAIL"] = "false",
    };

    private async Task WaitUntilReadyAsync(int index)
    {
        var instance = Instance(index);
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var ready = new Uri(InstanceAddresses[index], "/_health/ready");
        for (var attempt = 0; attempt < 300; attempt++)
        {
            try
            {
                using var response = await client.GetAsync(ready);
                if (response.StatusCode == HttpStatusCode.OK)
                    return;
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            if (await instance.WaitForExitAsync(TimeSpan.FromMilliseconds(200)))
                throw new InvalidOperationException($"instance {index} exited: {instance.Output}");
        }

        throw new TimeoutException($"instance {index} never became ready: {instance.Output}");
    }

    private ChildProcess StartNginx()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_directory, "nginx")).FullName;
        var config = Path.Combine(folder, "nginx.conf");
        File.WriteAllText(config, NginxConfig.Adapt(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "deploy", "nginx.conf")), folder, NginxPort, InstancePorts));
        return ChildProcess.StartProgram(File.Exists("/usr/sbin/nginx") ? "/usr/sbin/nginx" : "nginx", ["-c", config, "-p", folder, "-g", "daemon off;"]);
    }

    private static string ReadIfExists(string path) => File.Exists(path) ? File.ReadAllText(path) : "";

    private static async Task<(int ExitCode, string Output)> RunAsync(string directory, Dictionary<string, string> environment, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        foreach (var (key, value) in environment)
            start.Environment[key] = value;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await error);
    }
}
