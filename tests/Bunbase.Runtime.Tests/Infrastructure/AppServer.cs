using System.Collections;
using System.Reflection;
using Bunbase.Runtime.Hosting;
using Microsoft.AspNetCore.Builder;

namespace Bunbase.Runtime.Tests.Infrastructure;

/// <summary>
/// Serves an application assembly on a real Kestrel listener on 127.0.0.1 (a free port), with a
/// configuration file written for the test. Clients talk to it over real HTTP.
/// </summary>
public sealed class AppServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string _directory;

    private AppServer(WebApplication app, string directory, Uri address)
    {
        _app = app;
        _directory = directory;
        Address = address;
        Client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
    }

    public Uri Address { get; }

    public HttpClient Client { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>
    /// The session secret every server of this test run gets unless its test configures <c>auth</c>
    /// itself: random, so tests may sign tokens of their own with it, and shared, so servers accept
    /// each other's sessions.
    /// </summary>
    public static string SessionSecret { get; } = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(48));

    /// <summary>
    /// Starts the app; <paramref name="extraConfig"/> (JSON members) is added to a loopback, port-0 config
    /// (with <see cref="SessionSecret"/> when neither it nor <paramref name="variables"/> set <c>auth</c>).
    /// </summary>
    public static async Task<AppServer> StartAsync(
        Assembly? assembly = null,
        string environment = "Production",
        string extraConfig = "",
        IDictionary? variables = null,
        string name = "test",
        Action<BunbaseHostOptions>? host = null)
    {
        var directory = Directory.CreateTempSubdirectory("bunbase-test-").FullName;
        var config = Path.Combine(directory, "bunbase.config.json");
        var extra = extraConfig.Length == 0 ? "" : "," + extraConfig;
        var configuresAuth = extraConfig.Contains("\"auth\"", StringComparison.Ordinal)
            || variables?.Keys.Cast<object>().Any(k => k.ToString()!.StartsWith("BUNBASE__AUTH", StringComparison.OrdinalIgnoreCase)) == true;
        if (!configuresAuth)
            extra += $$""", "auth": { "sessionSecret": "{{SessionSecret}}" }""";

        // On the test Redis, which is up, a slow answer on a busy machine is waited for: it is never
        // decided by the store-failure policy (fail-open uncounted, 503) unless a test asks for that.
        if (variables?["REDIS_URL"] is string redisUrl && redisUrl == TestServices.RedisUrl && !extraConfig.Contains("\"redis\"", StringComparison.Ordinal))
            extra += """, "redis": { "timeoutMs": 5000 }""";
        await File.WriteAllTextAsync(config, $$"""{ "name": "{{name}}", "host": "127.0.0.1", "port": 0 {{extra}} }""");
        var hostOptions = new BunbaseHostOptions
        {
            ConfigPath = config,
            EnvironmentName = environment,
            Environment = variables ?? new Hashtable(),
        };
        host?.Invoke(hostOptions);
        WebApplication app;
        try
        {
            app = BunbaseApplication.Build([], assembly ?? typeof(Program).Assembly, hostOptions);
        }
        catch
        {
            Directory.Delete(directory, recursive: true);
            throw;
        }

        await app.StartAsync();
        var address = new Uri(app.Urls.First());
        return new AppServer(app, directory, address);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }
}

/// <summary>One fixture app shared by the tests of a class (xunit class fixture).</summary>
public sealed class ProductionApp : IAsyncLifetime
{
    public AppServer Server { get; private set; } = null!;

    public HttpClient Client => Server.Client;

    public async Task InitializeAsync() => Server = await AppServer.StartAsync();

    public async Task DisposeAsync() => await Server.DisposeAsync();
}
