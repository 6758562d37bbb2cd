using System.Reflection;
using Bunbase.Runtime.Configuration;
using Bunbase.Runtime.Discovery;
using Bunbase.Runtime.Http;
using Bunbase.Runtime.Observability;
using Bunbase.Runtime.Pipeline;
using Bunbase.Runtime.Validation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Bunbase.Runtime.Hosting;

/// <summary>
/// Builds and runs a Bunbase application. An app's <c>Program.cs</c> is one line:
/// <code>return await BunbaseApplication.RunAsync(args, typeof(Program).Assembly);</code>
/// </summary>
public static class BunbaseApplication
{
    /// <summary>Builds the application and serves it until SIGTERM or Ctrl+C, then drains in-flight requests.</summary>
    /// <param name="args">The process arguments; <c>--config PATH</c> names the configuration file.</param>
    /// <param name="actionsAssembly">The assembly whose actions are served (the application's own).</param>
    /// <returns>The process exit code: 0, or 1 when start-up was refused (the reason is printed on one line).</returns>
    public static async Task<int> RunAsync(string[] args, Assembly actionsAssembly)
    {
        WebApplication app;
        try
        {
            app = Build(args, actionsAssembly);
        }
        catch (StartupException ex)
        {
            await Console.Error.WriteLineAsync($"bunbase: {ex.Message}").ConfigureAwait(false);
            return 1;
        }

        await using (app.ConfigureAwait(false))
        {
            try
            {
                await app.RunAsync().ConfigureAwait(false);
            }
            catch (IOException ex) when (ex.InnerException is System.Net.Sockets.SocketException)
            {
                await Console.Error.WriteLineAsync($"bunbase: cannot listen: {ex.Message}").ConfigureAwait(false);
                return 1;
            }
        }

        return 0;
    }

    /// <summary>Builds the application without starting it.</summary>
    /// <param name="args">The process arguments.</param>
    /// <param name="actionsAssembly">The assembly whose actions are served.</param>
    /// <param name="host">Overrides for where configuration comes from.</param>
    public static WebApplication Build(string[] args, Assembly actionsAssembly, BunbaseHostOptions? host = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(actionsAssembly);
        host ??= new BunbaseHostOptions();
        var (explicitConfig, rest) = TakeConfigArgument(args);
        explicitConfig ??= host.ConfigPath ?? Environment.GetEnvironmentVariable("BUNBASE_CONFIG");
        var configPath = Path.GetFullPath(explicitConfig ?? Path.Combine(host.ContentRoot ?? Directory.GetCurrentDirectory(), "bunbase.config.json"));
        var options = ConfigurationLoader.Load(configPath, explicitConfig is not null, host.Environment);

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = rest,
            ApplicationName = actionsAssembly.GetName().Name,
            ContentRootPath = host.ContentRoot ?? Path.GetDirectoryName(configPath),
            EnvironmentName = host.EnvironmentName,
        });

        // Per-request framework logs are noise at Information; the host's lifetime messages stay.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.WebHost.UseUrls($"http://{options.Host}:{options.Port}");
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = options.MaxRequestBodySize;
        });
        builder.Services.Configure<HostOptions>(h => h.ShutdownTimeout = TimeSpan.FromMilliseconds(options.ShutdownTimeoutMs));

        var json = new JsonContracts();
        var catalog = ActionDiscovery.Discover(actionsAssembly, json);
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(json);
        builder.Services.AddSingleton(catalog);
        builder.Services.AddSingleton<ObjectValidator>();
        builder.Services.AddSingleton<ActionExecutor>();
        builder.Services.AddSingleton<ProblemResponses>();
        builder.Services.AddHealthChecks().AddCheck<ShutdownHealthCheck>("shutdown", tags: [HealthEndpoints.ReadyTag]);

        var app = builder.Build();
        app.UseMiddleware<StatusCodeProblems>();
        app.UseRouting();
        app.MapHealth();
        app.MapActions();
        return app;
    }

    private static (string? ConfigPath, string[] Others) TakeConfigArgument(string[] args)
    {
        string? config = null;
        var rest = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--config" && i + 1 < args.Length)
                config = args[++i];
            else if (args[i].StartsWith("--config=", StringComparison.Ordinal))
                config = args[i]["--config=".Length..];
            else
                rest.Add(args[i]);
        }

        return (config, rest.ToArray());
    }
}
