namespace Bunbase.Cli.Tests.EndToEnd;

/// <summary>
/// <c>bunbase dev</c> (the installed tool, on an app it created): an edited action is served without a
/// manual restart, a new action file after the automatic restart, and a new migration is applied.
/// </summary>
[Collection(InstalledPackagesCollection.Name)]
public sealed class DevHotReloadTests(InstalledPackages installed)
{
    // A bound for a loaded CI box, not a speed claim (benchmarks/startup.sh measures that).
    private static readonly TimeSpan Served = TimeSpan.FromSeconds(60);
    private readonly FreshUser _user = installed.User;

    [Fact]
    public async Task Edits_new_actions_and_new_migrations_reach_the_running_app()
    {
        await PackagesEndToEndTests.ExpectAsync(await _user.RunAsync(_user.Bunbase, _user.Work, TimeSpan.FromMinutes(1), "init", "Dev.App"), "bunbase init");
        var app = Path.Combine(_user.Work, "Dev.App");
        var port = ChildProcess.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var dev = _user.Start(_user.Bunbase, app, new Dictionary<string, string> { ["PORT"] = port }, "dev");
        var root = new Uri($"http://127.0.0.1:{port}/");
        using var client = new HttpClient { BaseAddress = root, Timeout = TimeSpan.FromSeconds(10) };

        // A cold first run: restore and build, and it says so.
        Assert.True(await PackagesEndToEndTests.WaitForOkAsync(new Uri(root, "hello"), dev, TimeSpan.FromMinutes(5)), dev.Output);
        Assert.Contains("bunbase: building Dev.App.csproj (Debug); the first build restores packages", dev.Output, StringComparison.Ordinal);
        Assert.Equal("""{"message":"Hello, World!"}""", await client.GetStringAsync(new Uri("hello", UriKind.Relative)));

        var hello = Path.Combine(app, "Actions", "Hello.cs");
        await File.WriteAllTextAsync(hello, (await File.ReadAllTextAsync(hello)).Replace("$\"Hello, ", "$\"Howdy, ", StringComparison.Ordinal));
        Assert.True(await AnswersAsync(client, "hello", "Howdy, World!", dev), dev.Output);

        await PackagesEndToEndTests.ExpectAsync(await _user.RunAsync(_user.Bunbase, app, TimeSpan.FromMinutes(1), "new", "action", "Ping"), "new action");
        Assert.True(await AnswersAsync(client, "ping", "ping ran", dev), dev.Output);

        await File.WriteAllTextAsync(Path.Combine(app, "migrations", "0002_create_pings.sql"), "create table pings (id integer primary key);\n");
        Assert.True(await Eventually(() => dev.Output.Contains("bunbase: applied 0002_create_pings", StringComparison.Ordinal), dev), dev.Output);
        Assert.True(await AnswersAsync(client, "hello", "Howdy, World!", dev), dev.Output);

        dev.Terminate();
        Assert.True(await dev.WaitForExitAsync(TimeSpan.FromMinutes(1)), dev.Output);
        Assert.Equal(0, dev.ExitCode);
    }

    private static Task<bool> AnswersAsync(HttpClient client, string path, string text, UserProcess dev) =>
        Eventually(async () =>
        {
            try
            {
                using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
                return response.IsSuccessStatusCode && (await response.Content.ReadAsStringAsync()).Contains(text, StringComparison.Ordinal);
            }
            catch (HttpRequestException)
            {
                return false;
            }
            catch (TaskCanceledException)
            {
                return false;
            }
        }, dev);

    private static Task<bool> Eventually(Func<bool> condition, UserProcess dev) => Eventually(() => Task.FromResult(condition()), dev);

    private static async Task<bool> Eventually(Func<Task<bool>> condition, UserProcess dev)
    {
        var deadline = DateTime.UtcNow + Served;
        while (DateTime.UtcNow < deadline && !dev.HasExited)
        {
            if (await condition())
                return true;
            await Task.Delay(200);
        }

        return false;
    }
}
