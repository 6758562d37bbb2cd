using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Bunbase.Cli.Tests.EndToEnd;

/// <summary>
/// What a new user does, outside this repository, with the packages this repository makes: pack
/// everything into a local feed; with a fresh HOME and a private packages folder, install the tool and
/// the template from it, create an app, build it with warnings as errors (a consumer restore has no
/// warning), start it with the installed tool, call it, add a migration, run its tests and publish it.
/// </summary>
[Collection(InstalledPackagesCollection.Name)]
public sealed class PackagesEndToEndTests(InstalledPackages installed)
{
    private static readonly TimeSpan Restore = TimeSpan.FromMinutes(5);
    private readonly FreshUser _user = installed.User;

    [Fact]
    public async Task A_new_user_creates_builds_starts_migrates_tests_and_publishes_an_app()
    {
        // dotnet new bunbase and bunbase init write the same app.
        await ExpectAsync(await _user.DotnetAsync(_user.Work, TimeSpan.FromMinutes(1), "new", "bunbase", "-n", "Acme.Shop", "--tests"), "dotnet new");
        var app = Path.Combine(_user.Work, "Acme.Shop");
        var init = Path.Combine(_user.Root, "init", "Acme.Shop");
        await ExpectAsync(await _user.RunAsync(_user.Bunbase, _user.Work, TimeSpan.FromMinutes(1), "init", "Acme.Shop", "--tests", "--output", init), "bunbase init");
        AssertSameFiles(app, init);
        Assert.Contains("\"name\": \"acme.shop\"", await File.ReadAllTextAsync(Path.Combine(app, "bunbase.config.json")), StringComparison.Ordinal);
        Assert.Contains(".bunbase/", await File.ReadAllTextAsync(Path.Combine(app, ".gitignore")), StringComparison.Ordinal);
        Assert.Contains("BunbaseApplication.RunAsync", await File.ReadAllTextAsync(Path.Combine(app, "Program.cs")), StringComparison.Ordinal);

        // Builds with warnings as errors: its own build settings, and no NU1603 from the packages' dependencies.
        var build = await _user.DotnetAsync(app, Restore, "build", "-warnaserror");
        await ExpectAsync(build, "build");
        Assert.Contains(" 0 Warning(s)", build.Output, StringComparison.Ordinal);

        // The committed OpenAPI document is what the app serves.
        var document = Path.Combine(_user.Root, "openapi.json");
        await ExpectAsync(await _user.RunAsync(_user.Bunbase, app, TimeSpan.FromMinutes(3), "openapi", "--output", document), "bunbase openapi");
        Assert.True(
            await File.ReadAllTextAsync(Path.Combine(app, "openapi.json")) == await File.ReadAllTextAsync(document),
            "templates/bunbase/openapi.json is not what the starter serves: regenerate it with `bash templates/regenerate-openapi.sh` and review the diff");

        // A new action from the tool is discovered; routes lists it.
        await ExpectAsync(await _user.RunAsync(_user.Bunbase, app, TimeSpan.FromMinutes(1), "new", "action", "list-tags"), "new action");
        var routes = await _user.RunAsync(_user.Bunbase, app, TimeSpan.FromMinutes(3), "routes");
        await ExpectAsync(routes, "routes");
        Assert.Matches(@"GET\s+/list-tags\s+list-tags", routes.Output);
        Assert.Matches(@"-\s+-\s+note-created\s+job\s", routes.Output);

        // start refuses while the starter's migration is pending; --migrate applies it and serves.
        var port = ChildProcess.FreePort().ToString(CultureInfo.InvariantCulture);
        var refused = await _user.RunAsync(_user.Bunbase, app, TimeSpan.FromMinutes(3), "start");
        Assert.True(refused.ExitCode == 3, refused.Output);
        Assert.Contains("0001_create_notes", refused.Output, StringComparison.Ordinal);
        using (var started = _user.Start(_user.Bunbase, app, new Dictionary<string, string> { ["PORT"] = port }, "start", "--migrate"))
        {
            var hello = new Uri($"http://127.0.0.1:{port}/hello");
            Assert.True(await WaitForOkAsync(hello, started, TimeSpan.FromMinutes(3)), started.Output);
            using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
            Assert.Equal("""{"message":"Hello, World!"}""", await client.GetStringAsync(hello));
            using var note = await client.PostAsync(new Uri(hello, "/notes"), new StringContent("""{"text":"first"}""", System.Text.Encoding.UTF8, "application/json"));
            Assert.Equal(System.Net.HttpStatusCode.Created, note.StatusCode);
            Assert.Equal("""{"message":"list-tags ran"}""", await client.GetStringAsync(new Uri(hello, "/list-tags")));
            started.Terminate();
            Assert.True(await started.WaitForExitAsync(TimeSpan.FromMinutes(1)), started.Output);
            Assert.Equal(0, started.ExitCode);
        }

        // A new migration: refused while it is only the comment `migrate new` wrote, applied once it has SQL.
        await ExpectAsync(await _user.RunAsync(_user.Bunbase, app, TimeSpan.FromMinutes(1), "migrate", "new", "add tags"), "migrate new");
        var migration = Path.Combine(app, "migrations", "0002_add_tags.sql");
        var empty = await _user.RunAsync(_user.Bunbase, app, TimeSpan.FromMinutes(1), "migrate");
        Assert.True(empty.ExitCode == 2, empty.Output);
        Assert.Contains("has only comments", empty.Output, StringComparison.Ordinal);
        await File.AppendAllTextAsync(migration, "create table tags (name text primary key);\n");
        var applied = await _user.RunAsync(_user.Bunbase, app, TimeSpan.FromMinutes(1), "migrate");
        await ExpectAsync(applied, "migrate");
        Assert.Contains("applied 0002_add_tags", applied.Output, StringComparison.Ordinal);
        var status = await _user.RunAsync(_user.Bunbase, app, TimeSpan.FromMinutes(1), "migrate", "status");
        Assert.Matches(@"0002_add_tags\s+applied", status.Output);

        // The generated test project hosts the app in-process with Bunbase.Testing (restored from the feed) and passes.
        var tests = await _user.DotnetAsync(Path.Combine(app, "tests", "Acme.Shop.Tests"), Restore, "test", "-warnaserror");
        await ExpectAsync(tests, "dotnet test");
        Assert.Matches(@"Passed!\s+-\s+Failed:\s+0,\s+Passed:\s+[1-9]", tests.Output);
        Assert.Contains("Bunbase.Testing", await File.ReadAllTextAsync(Path.Combine(app, "tests", "Acme.Shop.Tests", "Acme.Shop.Tests.csproj")), StringComparison.Ordinal);

        // Publish output carries the configuration and the migrations.
        var output = Path.Combine(_user.Root, "published");
        await ExpectAsync(await _user.DotnetAsync(app, Restore, "publish", "-c", "Release", "-o", output, "-warnaserror"), "publish");
        Assert.True(File.Exists(Path.Combine(output, "bunbase.config.json")));
        Assert.True(File.Exists(Path.Combine(output, "migrations", "0002_add_tags.sql")));
        Assert.True(File.Exists(Path.Combine(output, "migrations", "sqlite", "0001_create_notes.sql")));

        // The package's build targets also set the app's runtime options: the thread pool's spin off.
        using var runtimeConfig = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(output, "Acme.Shop.runtimeconfig.json")));
        Assert.Equal(0, runtimeConfig.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties").GetProperty("System.Threading.ThreadPool.UnfairSemaphoreSpinLimit").GetInt32());

        // Deploy: the app's Dockerfile, run as Docker would run it, with the feed's packages in packages/ as its README says
        // (its restore sees only that folder and nuget.org, not the user's NuGet sources); then what docker-compose.yml runs
        // in the image: the migrate service (--migrate), an instance, and the healthcheck.
        foreach (var package in Directory.GetFiles(_user.Feed, "*.nupkg"))
            File.Copy(package, Path.Combine(app, "packages", Path.GetFileName(package)));
        var image = await DockerfileSteps.BuildAsync(app, Path.Combine(_user.Root, "docker"), _user);
        Assert.True(File.Exists(Path.Combine(image, "bunbase.config.json")));
        var migrated = await _user.RunAsync(FreshUser.DotnetPath, image, TimeSpan.FromMinutes(1), "Acme.Shop.dll", "--migrate");
        await ExpectAsync(migrated, "--migrate");
        Assert.Contains("applied 0001_create_notes", migrated.Output, StringComparison.Ordinal);
        Assert.Contains("applied 0002_add_tags", migrated.Output, StringComparison.Ordinal);
        var instance = new Dictionary<string, string> { ["PORT"] = port, ["ASPNETCORE_ENVIRONMENT"] = "Production" };
        using (var served = _user.Start(FreshUser.DotnetPath, image, instance, "Acme.Shop.dll"))
        {
            Assert.True(await WaitForOkAsync(new Uri($"http://127.0.0.1:{port}/hello"), served, TimeSpan.FromMinutes(1)), served.Output);
            using var healthCheck = _user.Start(FreshUser.DotnetPath, image, instance, "Acme.Shop.dll", "--health-check");
            await ExpectAsync(await healthCheck.FinishAsync(TimeSpan.FromMinutes(1)), "--health-check");
            served.Terminate();
            Assert.True(await served.WaitForExitAsync(TimeSpan.FromMinutes(1)), served.Output);
            Assert.Equal(0, served.ExitCode);
        }
    }

    internal static Task ExpectAsync((int ExitCode, string Output) result, string step)
    {
        Assert.True(result.ExitCode == 0, $"{step} exited with {result.ExitCode}: {result.Output}");
        return Task.CompletedTask;
    }

    private static void AssertSameFiles(string expected, string actual)
    {
        static List<string> Files(string root) => [.. Directory.GetFiles(root, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(root, f)).Order(StringComparer.Ordinal)];
        Assert.Equal(Files(expected), Files(actual));
        foreach (var file in Files(expected))
            Assert.True(File.ReadAllText(Path.Combine(expected, file)) == File.ReadAllText(Path.Combine(actual, file)), $"{file} differs between dotnet new and bunbase init");
    }

    internal static async Task<bool> WaitForOkAsync(Uri url, UserProcess process, TimeSpan timeout)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout && !process.HasExited)
        {
            try
            {
                using var response = await client.GetAsync(url);
                if (response.IsSuccessStatusCode)
                    return true;
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(250);
        }

        return false;
    }
}
