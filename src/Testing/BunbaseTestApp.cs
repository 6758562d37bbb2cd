using System.Collections;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Bunbase.Runtime.ActionLog;
using Bunbase.Runtime.Auth;
using Bunbase.Runtime.Configuration;
using Bunbase.Runtime.Data;
using Bunbase.Runtime.Discovery;
using Bunbase.Runtime.Events;
using Bunbase.Runtime.Foundation;
using Bunbase.Runtime.Hosting;
using Bunbase.Runtime.Json;
using Bunbase.Runtime.Pipeline;
using Bunbase.Runtime.Queue;
using Bunbase.Runtime.Subscriptions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace Bunbase.Testing;

/// <summary>
/// An app hosted in-process for tests, on the real pipeline and a loopback HTTP listener, with a
/// database, key-value store and clock of its own. Start it with <see cref="InitializeAsync"/> and
/// stop it with <see cref="DisposeAsync"/> (the methods of xunit's <c>IAsyncLifetime</c>):
/// <code>public sealed class App() : BunbaseTestApp(typeof(Hello).Assembly), IAsyncLifetime;</code>
/// then <c>IClassFixture&lt;App&gt;</c> or a collection fixture. Two fixtures never share data, so test
/// classes run in parallel.
/// </summary>
public partial class BunbaseTestApp : IAsyncDisposable
{
    private readonly Assembly _assembly;
    private readonly BunbaseTestAppOptions _options;
    private readonly InFlightRequests _requests = new();
    private readonly List<IBackgroundBacklog> _backlogs = [];
    private readonly SocketsHttpHandler _handler = new() { UseCookies = false };
    private string? _directory;
    private IsolatedDatabase? _database;
    private WebApplication? _app;
    private TestCaller? _anonymous;
    private JsonSerializerOptions? _withMetadata;
    private bool _disposed;

    /// <summary>Prepares (does not start) the app whose actions <paramref name="actionsAssembly"/> declares.</summary>
    /// <param name="actionsAssembly">The app's assembly (<c>typeof(AnyActionOfTheApp).Assembly</c>).</param>
    /// <param name="options">Where its database and Redis are; the defaults need nothing installed.</param>
    public BunbaseTestApp(Assembly actionsAssembly, BunbaseTestAppOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(actionsAssembly);
        _assembly = actionsAssembly;
        _options = options ?? new BunbaseTestAppOptions();
        Jobs = new TestJobs(() => _backlogs, () => Services.GetRequiredService<IJobEnqueuer>(), () => Catalog);
        Events = new TestEvents(() => Services.GetRequiredService<EventPublisher>(), () => Services.GetRequiredService<SubscriptionStore>());
        Runs = new TestRuns(() => Services.GetRequiredService<ActionRunLog>(), () => Services.GetRequiredService<IActionRunStore>(), _requests);
        Mail = new TestMail(() => Path.Combine(_directory ?? throw NotStarted(), "mail"));
    }

    /// <summary>The app's clock: real time plus what the test has advanced it by.</summary>
    public TestClock Clock { get; } = new();

    /// <summary>The job queue: <see cref="TestJobs.RunUntilIdleAsync"/>.</summary>
    public TestJobs Jobs { get; }

    /// <summary>The event store: publish, read a stream, list dead letters (<see cref="TestJobs.RunUntilIdleAsync"/> drains subscribers too).</summary>
    public TestEvents Events { get; }

    /// <summary>The action-run log.</summary>
    public TestRuns Runs { get; }

    /// <summary>The mail the app sent (written to the fixture's folder, never sent): <see cref="TestMail.Sent"/>.</summary>
    public TestMail Mail { get; }

    /// <summary>The app's unique name in this fixture (the prefix of its Redis keys, the issuer of its sessions).</summary>
    public string Name { get; private set; } = "";

    /// <summary>Where the app listens (<c>http://127.0.0.1:PORT/</c>).</summary>
    public Uri Address { get; private set; } = null!;

    /// <summary>The app's services (its <c>TimeProvider</c> is <see cref="Clock"/>).</summary>
    public IServiceProvider Services => Started.Services;

    /// <summary>A client for raw requests to the app, without a session (it keeps no cookies: send them yourself).</summary>
    public HttpClient Client => Anonymous.Http;

    /// <summary>The fixture's temporary folder (its configuration and embedded file), deleted on dispose.</summary>
    internal string? DataDirectory => _directory;

    /// <summary>The PostgreSQL database this fixture created, or null on the embedded file.</summary>
    public string? DatabaseName => _database?.Name;

    private TestCaller Anonymous => _anonymous ?? throw NotStarted();

    private WebApplication Started => _app ?? throw NotStarted();

    private ActionCatalog Catalog => Services.GetRequiredService<ActionCatalog>();

    /// <summary>Starts an app for a test that does not use a fixture; dispose it at the end (<c>await using</c>).</summary>
    /// <param name="actionsAssembly">The app's assembly.</param>
    /// <param name="options">Where its database and Redis are.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    public static async Task<BunbaseTestApp> StartAsync(Assembly actionsAssembly, BunbaseTestAppOptions? options = null, CancellationToken cancellationToken = default)
    {
        var app = new BunbaseTestApp(actionsAssembly, options);
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            return app;
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Starts the app: its database, migrations applied, and its listener (xunit's <c>IAsyncLifetime.InitializeAsync</c>).</summary>
    public Task InitializeAsync() => StartAsync(CancellationToken.None);

#pragma warning disable RS0026, RS0027 // New API, overloads told apart by their first parameter: by input type, or by action name (and a SessionUser or a user id).
    /// <summary>Calls the action <paramref name="input"/> names, without a session, and returns its output.</summary>
    /// <exception cref="ActionCallException">The action answered with an error: its status, code and problem.</exception>
    public Task<TOutput> CallAsync<TOutput>(IActionInput<TOutput> input, CancellationToken cancellationToken = default) => Anonymous.CallAsync(input, cancellationToken);

    /// <summary>Calls an action by name, without a session, for inputs that do not implement <see cref="IActionInput{TOutput}"/>.</summary>
    /// <exception cref="ActionCallException">The action answered with an error.</exception>
    public Task<TOutput> CallAsync<TOutput>(string action, object input, CancellationToken cancellationToken = default) => Anonymous.CallAsync<TOutput>(action, input, cancellationToken);

    /// <summary>Calls the action <paramref name="input"/> names, without a session; returns the status with the output or the problem.</summary>
    public Task<ActionResponse<TOutput>> SendAsync<TOutput>(IActionInput<TOutput> input, CancellationToken cancellationToken = default) => Anonymous.SendAsync(input, cancellationToken);

    /// <summary>Calls an action by name, without a session; returns the status with the output or the problem.</summary>
    public Task<ActionResponse<TOutput>> SendAsync<TOutput>(string action, object input, CancellationToken cancellationToken = default) => Anonymous.SendAsync<TOutput>(action, input, cancellationToken);

    /// <summary>A caller signed in as <paramref name="userId"/> with <paramref name="roles"/> (a session as <c>ctx.Auth.SignInAsync</c> makes).</summary>
    public Task<TestCaller> SignInAsync(string userId, params string[] roles) => SignInAsync(new SessionUser(userId) { Roles = roles });

    /// <summary>A caller signed in as <paramref name="user"/> (roles, permissions and claims).</summary>
    /// <param name="user">Who.</param>
    /// <param name="cancellationToken">Cancels reading the user's session generation.</param>
    public async Task<TestCaller> SignInAsync(SessionUser user, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        var auth = Services.GetRequiredService<Authenticator>();
        var generation = await auth.Revocations.GenerationForSignInAsync(user.Id, cancellationToken).ConfigureAwait(false);
        var ticket = auth.Tokens.SignIn(user, generation);
        var http = NewClient();
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", ticket.Token);
        return new TestCaller(http, Catalog, Services.GetRequiredService<JsonContracts>(), _withMetadata!, user.Id, ticket.Token);
    }

#pragma warning restore RS0026, RS0027

    /// <summary>
    /// Moves the clock ahead and, on PostgreSQL, the due times of waiting jobs with it (on the embedded file the
    /// clock alone decides). Prefer it to <c>Clock.Advance</c> when jobs are enqueued after the jump.
    /// </summary>
    /// <param name="by">How far.</param>
    /// <param name="cancellationToken">Cancels moving the jobs.</param>
    public async Task AdvanceAsync(TimeSpan by, CancellationToken cancellationToken = default)
    {
        Clock.Advance(by);
        foreach (var backlog in _backlogs.OfType<JobBacklog>())
            await backlog.CatchUpAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stops the app, then deletes its database (or file) and its Redis keys (xunit's <c>IAsyncLifetime.DisposeAsync</c>).</summary>
    public async Task DisposeAsync()
    {
        if (_disposed)
            return;
        _disposed = true;
        _anonymous?.Http.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync().ConfigureAwait(false);
            if (_options.RedisUrl is not null)
                await DeleteRedisKeysAsync(_app.Services).ConfigureAwait(false);
            await _app.DisposeAsync().ConfigureAwait(false);
        }

        _handler.Dispose();
        if (_database is not null)
            await _database.DisposeAsync().ConfigureAwait(false);
        if (_directory is not null)
            DeleteDirectory(_directory);
        GC.SuppressFinalize(this);
    }

    async ValueTask IAsyncDisposable.DisposeAsync() => await DisposeAsync().ConfigureAwait(false);

    private async Task StartAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_app is not null)
            return;
        // Test runners hold pool threads while a fixture starts (xunit 2 under `dotnet test` does), and the
        // app's start-up then waits for the pool to grow, about one thread a half second. Measured
        // (benchmarks/results/2026-12-06-testkit-thread-reserve.md): a PostgreSQL fixture's start 1,760 -> 941 ms.
        ThreadReserve.Ensure();
        _directory = Directory.CreateTempSubdirectory("bunbase-test-").FullName;
        _database = IsolatedDatabase.Plan(_directory, _options.DatabaseUrl);
        // The database is created while the app is built (neither needs the other until the app starts):
        // on a first test both are mostly JIT, and there are two cores or more to do it on.
        var creating = Task.Run(() => _database.CreateAsync(cancellationToken), cancellationToken);
        WebApplication app;
        try
        {
            app = await BuildAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await ObserveAsync(creating).ConfigureAwait(false);
            throw;
        }

        try
        {
            await creating.ConfigureAwait(false);
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        _app = app;
        Address = new Uri(app.Urls.First());
        if (app.Services.GetRequiredService<BunbaseOptions>().Queue.Enabled)
        {
            _backlogs.Add(new JobBacklog(
                app.Services.GetRequiredService<Database>(),
                app.Services.GetRequiredService<QueueSignals>(),
                app.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<CronScheduler>().SingleOrDefault(),
                Clock));
        }

        _backlogs.Add(new EventBacklog(
            app.Services.GetRequiredService<IEventStore>(),
            app.Services.GetRequiredService<EventSignals>(),
            app.Services.GetRequiredService<SubscriptionStore>(),
            app.Services.GetRequiredService<SubscriptionSignals>(),
            app.Services.GetService<SubscriptionWorkers>(),
            app.Services.GetRequiredService<BunbaseOptions>()));

        // Outputs with members answered as headers or cookies are read with a contract that keeps those members (the app's leaves them out of bodies).
        var json = app.Services.GetRequiredService<JsonContracts>();
        _withMetadata = new JsonSerializerOptions(json.Options) { TypeInfoResolver = new DefaultJsonTypeInfoResolver() };
        _anonymous = new TestCaller(NewClient(), Catalog, json, _withMetadata, null, null);
    }

    /// <summary>Writes the fixture's configuration and builds the app (JIT of the host and the app's actions: no database yet).</summary>
    private async Task<WebApplication> BuildAsync(CancellationToken cancellationToken)
    {
        var (config, contentRoot) = await WriteConfigAsync(_directory!, _database!.EmbeddedPath, cancellationToken).ConfigureAwait(false);
        var environment = new Hashtable();
        foreach (var (key, value) in _options.Settings)
            environment[key] = value;
        if (_database.ConnectionString is { } url)
            environment["DATABASE_URL"] = url;
        if (_options.RedisUrl is { } redis)
            environment["REDIS_URL"] = redis;

        return BunbaseApplication.Build([], _assembly, new BunbaseHostOptions
        {
            ConfigPath = config,
            ContentRoot = contentRoot,
            EnvironmentName = _options.EnvironmentName,
            Environment = environment,
            ConfigureServices = services =>
            {
                services.AddSingleton<TimeProvider>(Clock);
                services.AddSingleton<IStartupFilter>(_requests);
            },
        });
    }

    /// <summary>Waits for a task whose failure is not the one being reported.</summary>
    private static async Task ObserveAsync(Task task)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (Exception) when (task.IsFaulted || task.IsCanceled)
        {
            // The build's failure is the one the test sees.
        }
    }

    private HttpClient NewClient() => new(_handler, disposeHandler: false) { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(100) };

    private async Task DeleteRedisKeysAsync(IServiceProvider services)
    {
        if (services.GetService<IConnectionMultiplexer>() is not { IsConnected: true } redis)
            return;
        foreach (var endpoint in redis.GetEndPoints())
        {
            var server = redis.GetServer(endpoint);
            if (server.IsReplica)
                continue;
            var keys = new List<RedisKey>();
            await foreach (var key in server.KeysAsync(pattern: Name + ":*").ConfigureAwait(false))
                keys.Add(key);
            if (keys.Count > 0)
                await redis.GetDatabase().KeyDeleteAsync([.. keys]).ConfigureAwait(false);
        }
    }

    private static void DeleteDirectory(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still open elsewhere (Windows): the folder is in the temporary directory and left for the system.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static InvalidOperationException NotStarted() =>
        new("The app is not started: call InitializeAsync (an xunit fixture does when its class implements IAsyncLifetime) or use BunbaseTestApp.StartAsync.");
}
