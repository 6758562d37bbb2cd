using System.Collections;
using Bunbase.Runtime.Hosting;
using Microsoft.AspNetCore.Builder;

namespace StarterApp1.Tests;

/// <summary>
/// The app served in-process on a free loopback port, with the embedded database in a fresh folder
/// and the app's migrations applied at start. One per test class (<c>IClassFixture&lt;TestApp&gt;</c>).
/// </summary>
public sealed class TestApp : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("starter-app-name-tests-").FullName;
    private WebApplication? _app;

    public HttpClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var migrations = Path.Combine(AppContext.BaseDirectory, "migrations").Replace('\\', '/');
        var config = Path.Combine(_directory, "bunbase.config.json");
        await File.WriteAllTextAsync(config, $$"""
            {
              "name": "starter-app-name-tests",
              "host": "127.0.0.1",
              "port": 0,
              "database": { "migrationsPath": "{{migrations}}", "migrateOnStart": true }
            }
            """);
        _app = BunbaseApplication.Build([], typeof(Actions.Hello).Assembly, new BunbaseHostOptions
        {
            ConfigPath = config,
            EnvironmentName = "Development",
            // Only the file above configures the app: no DATABASE_URL or PORT from the machine.
            Environment = new Hashtable(),
        });
        await _app.StartAsync();
        Client = new HttpClient { BaseAddress = new Uri(_app.Urls.First()) };
    }

    public async Task DisposeAsync()
    {
        Client?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        Directory.Delete(_directory, recursive: true);
    }
}
