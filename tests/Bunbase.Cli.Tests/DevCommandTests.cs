namespace Bunbase.Cli.Tests;

[Collection(ExampleAppBuilds.Name)]
public sealed class DevCommandTests
{
    [Fact]
    public async Task The_readme_run_command_serves_the_example_app_and_stops_on_sigterm()
    {
        var port = ChildProcess.FreePort();
        using var cli = ChildProcess.Start(
            RepositoryPaths.Root,
            new Dictionary<string, string> { ["PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            "run", "--project", "src/Cli", "--", "dev");
        var hello = new Uri($"http://127.0.0.1:{port}/hello");

        Assert.True(await cli.WaitUntilServingAsync(hello, TimeSpan.FromMinutes(3)), cli.Output);
        using (var client = new HttpClient())
        {
            Assert.Equal("""{"message":"Hello, World!"}""", await client.GetStringAsync(hello));

            // dev applied the example app's migrations to the embedded database before starting it.
            using var note = await client.PostAsync(new Uri(hello, "/notes"), new StringContent("""{"title":"from the test","body":"b"}""", System.Text.Encoding.UTF8, "application/json"));
            Assert.Equal(System.Net.HttpStatusCode.Created, note.StatusCode);
            Assert.Contains("/notes/", note.Headers.Location?.OriginalString, StringComparison.Ordinal);
        }

        cli.Terminate();
        Assert.True(await cli.WaitForExitAsync(TimeSpan.FromSeconds(60)), cli.Output);
        Assert.Contains("Hosting environment: Development", cli.Output, StringComparison.Ordinal);
        Assert.Matches("bunbase: (applied 0003_welcome_and_counts|migrations are up to date)", cli.Output);
    }

    [Fact]
    public async Task Unknown_command_is_refused_with_usage()
    {
        var exitCode = await Bunbase.Cli.CommandLine.RunAsync(["deploy"]);

        Assert.Equal(2, exitCode);
    }

    [Fact]
    public void Missing_config_is_one_clear_line()
    {
        var missing = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"), "bunbase.config.json");

        var error = Assert.Throws<CliException>(() => AppProject.Find(missing));

        Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_config_that_is_a_folder_is_named_as_a_folder()
    {
        var folder = Directory.CreateTempSubdirectory("bunbase-config-folder-").FullName;
        try
        {
            var error = Assert.Throws<CliException>(() => AppProject.Find(folder));

            Assert.Contains("is a folder", error.Message, StringComparison.Ordinal);
            Assert.Contains(Path.Combine(folder, "bunbase.config.json"), error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Theory]
    [InlineData("{\n  \"port\": 3000,\n  \"name\": \n}\n", "is not valid JSON at line 4, column 1: ")]
    [InlineData(" \n", "is empty; write {} in it for the defaults")]
    public void A_config_that_is_not_json_names_the_line_or_says_it_is_empty(string text, string message)
    {
        var folder = Directory.CreateTempSubdirectory("bunbase-config-json-").FullName;
        try
        {
            var config = Path.Combine(folder, "bunbase.config.json");
            File.WriteAllText(config, text);

            var error = Assert.Throws<CliException>(() => AppProject.Find(config));

            Assert.Contains(message, error.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("LineNumber", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void The_root_config_points_to_the_starter_app()
    {
        var project = AppProject.Find(Path.Combine(RepositoryPaths.Root, "bunbase.config.json"));

        Assert.EndsWith(Path.Combine("examples", "bunbase-app", "BunbaseApp.csproj"), project.ProjectPath, StringComparison.Ordinal);
    }
}
