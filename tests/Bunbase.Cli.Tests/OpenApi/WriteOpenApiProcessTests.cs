using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Bunbase.Cli.Tests.OpenApi;

/// <summary><c>dotnet app.dll --write-openapi FILE|-</c> as a real process: writes the document, serves nothing, exits 0.</summary>
public sealed class WriteOpenApiProcessTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("bunbase-openapi-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Write_openapi_to_a_file_and_to_stdout_gives_the_same_valid_document()
    {
        var config = Path.Combine(_directory, "bunbase.config.json");
        await File.WriteAllTextAsync(config, $$"""{ "name": "fixture", "host": "127.0.0.1", "port": 0, "auth": { "sessionSecret": "{{RepositoryPaths.SessionSecret}}" } }""");
        var file = Path.Combine(_directory, "openapi.json");

        var (fileExit, _, fileErrors) = await RunAsync(RepositoryPaths.TestAppAssembly, "--config", config, "--write-openapi", file);
        var (stdoutExit, stdout, stdoutErrors) = await RunAsync(RepositoryPaths.TestAppAssembly, "--config", config, "--write-openapi", "-");

        Assert.True(fileExit == 0, fileErrors);
        Assert.True(stdoutExit == 0, stdoutErrors);
        var written = await File.ReadAllTextAsync(file);
        Assert.Equal(written, stdout);
        Assert.EndsWith("}\n", written, StringComparison.Ordinal);
        Assert.DoesNotContain("\r", written, StringComparison.Ordinal);
        var document = JsonNode.Parse(written)!;
        Assert.StartsWith("3.1.", document["openapi"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("fixture", document["info"]!["title"]!.GetValue<string>());

        var validator = Path.Combine(RepositoryPaths.Root, "tests", "openapi-tools");
        Assert.True(File.Exists(Path.Combine(validator, "node_modules", ".package-lock.json")), $"{validator} has no node_modules: run ./test.sh (it runs npm ci there).");
        var (validExit, validOutput, validErrors) = await RunAsync("node", Path.Combine(validator, "validate.mjs"), file);
        Assert.True(validExit == 0, validOutput + validErrors);
    }

    [Theory]
    [InlineData("--write-openapi", "")]
    [InlineData("--write-openapi", "missing/openapi.json")]
    [InlineData("--write-routes", "")]
    public async Task A_file_that_cannot_be_written_is_one_line_naming_it_and_exit_1(string option, string relative)
    {
        var config = Path.Combine(_directory, "bunbase.config.json");
        await File.WriteAllTextAsync(config, $$"""{ "name": "fixture", "host": "127.0.0.1", "port": 0, "auth": { "sessionSecret": "{{RepositoryPaths.SessionSecret}}" } }""");
        var file = Path.Combine(_directory, relative); // "": the folder itself

        var (exitCode, _, errors) = await RunAsync(RepositoryPaths.TestAppAssembly, "--config", config, option, file);

        Assert.Equal(1, exitCode);
        var line = Assert.Single(errors.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"bunbase: cannot write {file}", line, StringComparison.Ordinal);
    }

    private async Task<(int ExitCode, string Output, string Errors)> RunAsync(string first, params string[] rest)
    {
        var (program, arguments) = first == "node" ? ("node", rest) : ("dotnet", new[] { first }.Concat(rest).ToArray());
        var start = new ProcessStartInfo(program) { WorkingDirectory = _directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', arguments)} did not exit within 60 s (did it start serving?)");
        }

        return (process.ExitCode, await output, await errors);
    }
}
