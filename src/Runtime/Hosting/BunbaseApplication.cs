using System.Reflection;
using Bunbase.Runtime.Accounts;
using Bunbase.Runtime.ActionLog;
using Bunbase.Runtime.Admin;
using Bunbase.Runtime.Studio;
using Bunbase.Runtime.Auth;
using Bunbase.Runtime.Configuration;
using Bunbase.Runtime.Data;
using Bunbase.Runtime.Discovery;
using Bunbase.Runtime.Events;
using Bunbase.Runtime.Http;
using Bunbase.Runtime.Kv;
using Bunbase.Runtime.Mcp;
using Bunbase.Runtime.Observability;
using Bunbase.Runtime.OpenApi;
using Bunbase.Runtime.Pipeline;
using Bunbase.Runtime.Queue;
using Bunbase.Runtime.Realtime;
using Bunbase.Runtime.Subscriptions;
using Bunbase.Runtime.RateLimiting;
using Bunbase.Runtime.Redis;
using Bunbase.Runtime.Webhooks;
using Bunbase.Runtime.Mail;
using Bunbase.Runtime.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Bunbase.Runtime.Foundation;
using Bunbase.Runtime.Json;

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
    /// <remarks>
    /// <c>--write-openapi FILE</c> (or <c>-</c> for standard output) writes the OpenAPI document and exits without serving;
    /// <c>--write-client typescript|csharp --client-output DIR</c> (with <c>--client-react</c> or <c>--client-namespace N</c>) writes a typed client and exits, for <c>bunbase client</c>;
    /// <c>--write-routes FILE</c> likewise writes the actions (method, path, name, guards, rate limit) as JSON, for <c>bunbase routes</c>.
    /// <c>--seed run</c> applies the seeds not applied yet (SQL files and C# seeds) and exits; <c>--seed status</c> lists them (for <c>bunbase seed</c>).
    /// <c>--health-check</c> asks the running instance this configuration describes for <c>/_health/ready</c> and exits 0 when it is ready, 1 otherwise (a container healthcheck).
    /// <c>--migrate</c> applies the pending migrations of the database this configuration names and exits 0, or 1 with the reason (a deploy's migration step without the tool).
    /// </remarks>
    public static async Task<int> RunAsync(string[] args, Assembly actionsAssembly)
    {
        ArgumentNullException.ThrowIfNull(args);
        var openApiOutput = TakeOption(ref args, "--write-openapi");
        var routesOutput = TakeOption(ref args, "--write-routes");
        var clientLanguage = TakeOption(ref args, Clients.ClientRequest.Option);
        var clientOutput = TakeOption(ref args, Clients.ClientRequest.OutputOption);
        var clientNamespace = TakeOption(ref args, Clients.ClientRequest.NamespaceOption);
        var clientReact = args.Contains(Clients.ClientRequest.ReactOption);
        args = [.. args.Where(a => a != Clients.ClientRequest.ReactOption)];
        var seedCommand = TakeOption(ref args, Seeding.SeedRunner.Option);
        if (args.Contains(HealthProbe.Option))
            return await WithOptionsAsync([.. args.Where(a => a != HealthProbe.Option)], (options, _) => HealthProbe.RunAsync(options, Console.Error)).ConfigureAwait(false);
        if (args.Contains(MigrationStep.Option))
            return await WithOptionsAsync([.. args.Where(a => a != MigrationStep.Option)], (options, contentRoot) => MigrationStep.RunAsync(options, contentRoot, Console.Out, Console.Error, CancellationToken.None)).ConfigureAwait(false);
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
            if (openApiOutput is not null)
                return await WriteAsync(System.Text.Encoding.UTF8.GetBytes(app.Services.GetRequiredService<OpenApiDocumentSource>().Document.Indented), openApiOutput).ConfigureAwait(false);

            if (clientLanguage is not null)
                return await Clients.ClientFiles.RunAsync(app.Services.GetRequiredService<ActionCatalog>(), clientLanguage, clientOutput, clientReact, clientNamespace, Console.Error).ConfigureAwait(false);

            if (routesOutput is not null)
                return await WriteAsync(RouteListing.Json(app.Services.GetRequiredService<ActionCatalog>()), routesOutput).ConfigureAwait(false);

            if (seedCommand is not null)
            {
                IReadOnlyList<Seeding.SeedType> seeds;
                try
                {
                    seeds = Seeding.SeedDiscovery.Discover(actionsAssembly);
                }
                catch (StartupException ex)
                {
                    await Console.Error.WriteLineAsync($"bunbase: {ex.Message}").ConfigureAwait(false);
                    return 1;
                }

                return await Seeding.SeedRunner.RunAsync(app.Services, seeds, seedCommand, Console.Out, Console.Error, CancellationToken.None).ConfigureAwait(false);
            }

            try
            {
                await app.RunAsync().ConfigureAwait(false);
            }
            catch (StartupException ex)
            {
                // A capability found at start that it cannot work (the database does not answer, say).
                await Console.Error.WriteLineAsync($"bunbase: {ex.Message}").ConfigureAwait(false);
                return 1;
            }
            catch (IOException ex) when (IsListenFailure(ex))
            {
                // Kestrel wraps the socket's error (an AddressInUseException around it when the port is taken).
                await Console.Error.WriteLineAsync($"bunbase: cannot listen: {ex.Message}").ConfigureAwait(false);
                return 1;
            }
        }

        return 0;
    }

    /// <summary>
    /// A one-shot option that needs the configuration but no app (<c>--health-check</c>, <c>--migrate</c>): the options
    /// and content root loaded as the app loads them, or exit code 1 with the configuration's refusal on one line.
    /// </summary>
    private static async Task<int> WithOptionsAsync(string[] args, Func<BunbaseOptions, string, Task<int>> run)
    {
        BunbaseOptions options;
        string contentRoot;
        try
        {
            options = LoadOptions(args, new BunbaseHostOptions(), out _, out contentRoot);
        }
        catch (StartupException ex)
        {
            await Console.Error.WriteLineAsync($"bunbase: {ex.Message}").ConfigureAwait(false);
            return 1;
        }

        return await run(options, contentRoot).ConfigureAwait(false);
    }

    private static bool IsListenFailure(Exception exception)
    {
        for (var inner = exception.InnerException; inner is not null; inner = inner.InnerException)
        {
            if (inner is System.Net.Sockets.SocketException)
                return true;
        }

        return false;
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
        var options = LoadOptions(args, host, out var rest, out var contentRoot);

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            // ASP.NET Core would reload appsettings*.json on change, which watches the whole app folder (a thread
            // woken by every write below it: the embedded file's log, stored files). The runtime reads its settings
            // once; `bunbase dev` restarts on a change. An argument given after this one still wins.
            Args = ["--hostBuilder:reloadConfigOnChange=false", .. rest],
            ApplicationName = actionsAssembly.GetName().Name,
            ContentRootPath = contentRoot,
            EnvironmentName = host.EnvironmentName,
        });

        builder.AddObservability(options, host.ConfigureTracing, host.ConfigureLogExport);
        builder.WebHost.UseUrls($"http://{options.Host}:{options.Port}");
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = options.MaxRequestBodySize;
        });
        // Larger transport blocks: fewer receives per upload (see TransportMemoryPool).
        builder.Services.AddSingleton<IMemoryPoolFactory<byte>, TransportMemoryPoolFactory>();
        builder.Services.Configure<HostOptions>(h => h.ShutdownTimeout = TimeSpan.FromMilliseconds(options.ShutdownTimeoutMs));

        var catalog = ActionDiscovery.Discover(actionsAssembly, options.RateLimit, Accounts.AccountsServices.ActionTypes(options));
        var json = new JsonContracts(catalog);
        RefuseRoutesOnRuntimePaths(catalog, options);
        AccountsServices.RefuseOrgGuardsWithoutModule(catalog, options);
        var crossOrigin = CrossOriginPolicy.Create(options.Cors, catalog);
        foreach (var server in options.OpenApi.Servers)
        {
            if (!server.StartsWith('/') && !(Uri.TryCreate(server, UriKind.Absolute, out var url) && url.Scheme is "http" or "https"))
                throw new StartupException($"openapi.servers: '{server}' is neither an http(s) URL nor a path starting with '/'");
        }

        host.ConfigureServices?.Invoke(builder.Services);
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(json);
        builder.Services.AddSingleton(catalog);
        builder.Services.AddSingleton<OpenApiDocumentSource>();
        var health = builder.Services.AddHealthChecks().AddCheck<ShutdownHealthCheck>(HealthCheckCache.ShutdownName, tags: [HealthEndpoints.ReadyTag]);
        builder.Services.AddHealthCheckCache();
        builder.Services.AddDatabase(health, options, contentRoot);
        builder.Services.AddHostedService<BackendSummary>();
        builder.Services.AddRedis(health, options, sp => RedisReliance.From(options, catalog.Actions.Any(a => a.RateLimit is not null), sp.GetRequiredService<Auth.Sessions.SessionTokens>().Enabled));
        builder.Services.AddPipeline();
        builder.Services.AddSingleton<ProblemResponses>();
        if (crossOrigin is not null)
            builder.Services.AddSingleton(crossOrigin);
        // Registered after the database's start-up and before the queue, so it stops after the workers (whose last runs it then writes).
        builder.Services.AddActionLog(options, json);
        builder.Services.AddKv(options, json.Options);
        builder.Services.AddRateLimiting(options);
        builder.Services.AddEvents(options, json.Options);
        builder.Services.AddSingleton(EventCategoryAccess.Discover(actionsAssembly));
        builder.Services.AddRealtime(options, ChannelAccess.Discover(actionsAssembly));
        AddQueue(builder.Services, options);
        builder.Services.AddWebhooks(options, catalog, json.Options);
        builder.Services.AddMail(options, contentRoot, json.Options, builder.Environment.IsDevelopment(), Accounts.AccountsServices.MailTemplates(options));
        builder.Services.AddStorage(options, contentRoot);
        AddSubscriptions(builder.Services, options, catalog);
        AddShutdownDrain(builder.Services, options);
        var needsSessions = catalog.Actions.FirstOrDefault(a => a.Guards.RequiresSession);
        builder.Services.AddAuth(options, builder.Environment, needsSessions is null ? null : $"'{needsSessions.Name}' ({needsSessions.Location})");
        builder.Services.AddAccounts(options);
        builder.Services.AddAdmin();
        builder.Services.AddStudio(builder.Environment.IsDevelopment());
        builder.Services.AddMcpTools(options, catalog);

        var app = builder.Build();

        RedisServices.ConnectNow(app.Services, options);
        // First, so that every answer a listed origin's page gets is readable by it, refusals included.
        if (crossOrigin is not null)
            app.UseMiddleware<CrossOriginRequests>();
        app.UseMiddleware<DrainingRequests>();
        app.UseObservability();
        app.UseMiddleware<StatusCodeProblems>();
        if (options.TrustedProxies.Length > 0)
            app.UseForwardedHeaders(ForwardedHeaders(options.TrustedProxies));
        // Only the realtime endpoints take WebSocket upgrades: elsewhere the middleware would make a handshake object per request.
        if (options.Realtime.Enabled)
            app.UseWhen(http => http.Request.Path.StartsWithSegments(options.Realtime.Path, StringComparison.OrdinalIgnoreCase), realtime => realtime.UseWebSockets());
        app.UseRouting();
        app.MapHealth();
        app.MapOpenApi();
        app.MapActions();
        app.MapEventReads();
        app.MapRealtime();
        app.MapQueueAdmin();
        app.MapRunAdmin();
        app.MapSubscriptionAdmin();
        app.MapWebhooks();
        app.MapWebhookAdmin();
        app.MapMailAdmin();
        app.MapStudio();
        app.MapFiles();
        app.MapMcpTools(options, catalog);
        return app;
    }

    private static BunbaseOptions LoadOptions(string[] args, BunbaseHostOptions host, out string[] rest, out string contentRoot)
    {
        rest = args;
        var explicitConfig = TakeOption(ref rest, "--config");
        explicitConfig ??= host.ConfigPath ?? Environment.GetEnvironmentVariable("BUNBASE_CONFIG");
        var configPath = Path.GetFullPath(explicitConfig ?? Path.Combine(host.ContentRoot ?? Directory.GetCurrentDirectory(), "bunbase.config.json"));
        var options = ConfigurationLoader.Load(configPath, explicitConfig is not null, host.Environment);
        contentRoot = host.ContentRoot ?? Path.GetDirectoryName(configPath)!;
        return options;
    }

    /// <summary>The document and the docs page own their paths: an action there would be shadowed or shadow them.</summary>
    private static void RefuseRoutesOnRuntimePaths(ActionCatalog catalog, BunbaseOptions options)
    {
        var reserved = new List<(string Key, string Path, bool Prefix)> { ("the runtime's file route", "/_files", true) };
        if (options.OpenApi.Enabled)
            reserved.Add(("openapi.path", options.OpenApi.Path.ToLowerInvariant(), false));
        if (options.OpenApi.Enabled && options.Docs.Enabled)
            reserved.Add(("docs.path", options.Docs.Path.ToLowerInvariant(), true));
        if (options.Realtime.Enabled)
            reserved.Add(("realtime.path", options.Realtime.Path.ToLowerInvariant(), true));
        if (options.Observability is { Enabled: true, Metrics.Enabled: true })
            reserved.Add(("observability.metrics.path", options.Observability.Metrics.Path.ToLowerInvariant(), false));
        if (options.Admin.Enabled)
            reserved.Add(("admin.enabled", "/_studio", true));
        if (McpServices.Serves(options, catalog))
        {
            // The runtime's own endpoints answer POSTs too (/_admin): a shared path would be an ambiguous match.
            var mcp = options.Mcp.Path.ToLowerInvariant();
            foreach (var (key, path, prefix) in reserved.Append(("the runtime's /_admin", "/_admin", true)).Append(("the runtime's /_health", "/_health", true)))
            {
                if (mcp == path || (prefix && mcp.StartsWith(path + "/", StringComparison.Ordinal)))
                    throw new StartupException($"mcp.path '{options.Mcp.Path}' is on {key} '{path}'; set another mcp.path.");
            }

            reserved.Add(("mcp.path", mcp, false));
        }

        foreach (var action in catalog.Actions)
        {
            if (action.Http is not { } http)
                continue;
            var shape = http.Route.Shape;
            foreach (var (key, path, prefix) in reserved)
            {
                if (shape == path || (prefix && shape.StartsWith(path + "/", StringComparison.Ordinal)))
                    throw new StartupException($"Action '{action.Name}' ({http.Method} {http.Route.Text}, {action.Location}) is on {key} '{path}'; move the action or set {key}.");
            }
        }
    }



    /// <summary>The queue registers itself; its shutdown grace must fit in the process's.</summary>
    private static void AddQueue(IServiceCollection services, BunbaseOptions options)
    {
        if (options.Queue.Enabled && options.Queue.ShutdownTimeoutMs >= options.ShutdownTimeoutMs)
            throw new StartupException($"queue.shutdownTimeoutMs ({options.Queue.ShutdownTimeoutMs}) must be less than shutdownTimeoutMs ({options.ShutdownTimeoutMs}): running jobs need time to finish and the rest to be released before the process exits");
        services.AddQueue(options);
    }

    /// <summary>Event subscribers register themselves; the batch in flight's grace must fit in the process's.</summary>
    private static void AddSubscriptions(IServiceCollection services, BunbaseOptions options, ActionCatalog catalog)
    {
        if (options.Subscriptions.Enabled && options.Subscriptions.GraceMs(options.ShutdownTimeoutMs) >= options.ShutdownTimeoutMs)
            throw new StartupException($"subscriptions.shutdownTimeoutMs ({options.Subscriptions.GraceMs(options.ShutdownTimeoutMs)}) must be less than shutdownTimeoutMs ({options.ShutdownTimeoutMs}): the batch in flight needs time to finish and positions to be saved before the process exits");
        services.AddSubscriptions(options, catalog);
    }

    /// <summary>
    /// The drain on SIGTERM (<c>shutdownDrainMs</c>): spent from <c>shutdownTimeoutMs</c> before the
    /// web server and the queue's workers stop, so the queue's own grace must fit in what is left.
    /// </summary>
    private static void AddShutdownDrain(IServiceCollection services, BunbaseOptions options)
    {
        if (options.ShutdownDrainMs > 0 && options.ShutdownDrainMs >= options.ShutdownTimeoutMs)
            throw new StartupException($"shutdownDrainMs ({options.ShutdownDrainMs}) must be less than shutdownTimeoutMs ({options.ShutdownTimeoutMs}): in-flight requests need time to finish after the drain");
        if (options.ShutdownDrainMs > 0 && options.Queue.Enabled && options.ShutdownDrainMs + options.Queue.ShutdownTimeoutMs >= options.ShutdownTimeoutMs)
            throw new StartupException($"shutdownDrainMs ({options.ShutdownDrainMs}) plus queue.shutdownTimeoutMs ({options.Queue.ShutdownTimeoutMs}) must be less than shutdownTimeoutMs ({options.ShutdownTimeoutMs}): running jobs get their grace after the drain");
        services.AddHostedService<ShutdownDrain>();
    }

    /// <summary>X-Forwarded-For/-Proto/-Host believed from the configured proxies only (the framework's loopback default is cleared).</summary>
    internal static ForwardedHeadersOptions ForwardedHeaders(string[] trustedProxies)
    {
        var forwarded = new ForwardedHeadersOptions
        {
            ForwardedHeaders = Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedFor | Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedProto
                | Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedHost,
            ForwardLimit = null,
        };
        forwarded.KnownProxies.Clear();
        forwarded.KnownIPNetworks.Clear();
        foreach (var entry in trustedProxies)
        {
            if (System.Net.IPNetwork.TryParse(entry, out var network))
                forwarded.KnownIPNetworks.Add(network);
            else if (System.Net.IPAddress.TryParse(entry, out var address))
                forwarded.KnownProxies.Add(address);
            else
                throw new StartupException($"trustedProxies: '{entry}' is neither an IP address nor a CIDR network");
        }

        return forwarded;
    }

    /// <summary>Writes to the file (or standard output for <c>-</c>): 0, or 1 with one line naming the file when it cannot be written.</summary>
    private static async Task<int> WriteAsync(byte[] json, string output)
    {
        if (output == "-")
        {
            await using var stdout = Console.OpenStandardOutput();
            await stdout.WriteAsync(json).ConfigureAwait(false);
            return 0;
        }

        try
        {
            await File.WriteAllBytesAsync(output, json).ConfigureAwait(false);
            return 0;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            await Console.Error.WriteLineAsync($"bunbase: cannot write {output}: {ex.Message}").ConfigureAwait(false);
            return 1;
        }
    }

    /// <summary>Removes <c>--name VALUE</c> or <c>--name=VALUE</c> from the arguments and returns the value.</summary>
    private static string? TakeOption(ref string[] args, string name)
    {
        string? value = null;
        var rest = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == name && i + 1 < args.Length)
                value = args[++i];
            else if (args[i].StartsWith(name + "=", StringComparison.Ordinal))
                value = args[i][(name.Length + 1)..];
            else
                rest.Add(args[i]);
        }

        args = [.. rest];
        return value;
    }
}
