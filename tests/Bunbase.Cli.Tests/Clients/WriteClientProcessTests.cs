using System.Diagnostics;

namespace Bunbase.Cli.Tests.Clients;

/// <summary><c>dotnet app.dll --write-client LANGUAGE --client-output DIR</c> as a real process: writes the client, serves nothing.</summary>
public sealed class WriteClientProcessTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("bunbase-write-client-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Write_client_writes_the_files_and_exits_0()
    {
        var output = Path.Combine(_directory, "client");

        var (exitCode, errors) = await RunAsync("--write-client", "typescript", "--client-output", output, "--client-react");

        Assert.True(exitCode == 0, errors);
        Assert.True(File.Exists(Path.Combine(output, "client.ts")));
        Assert.True(File.Exists(Path.Combine(output, "react.ts")));
    }

    [Theory]
    [InlineData("cobol", "--client-output", "x", "'cobol' is not a client language (typescript, csharp)")]
    [InlineData("typescript", "--client-namespace", "x", "--write-client needs --client-output DIR")]
    [InlineData("csharp", "--client-namespace", "not a namespace", "'not a namespace' is not a namespace")]
    [InlineData("csharp", "--client-namespace", "Acme.class", "'Acme.class' is not a namespace: 'class' is a C# keyword")]
    public async Task A_wrong_request_exits_1_with_the_reason(string language, string option, string value, string reason)
    {
        string[] arguments = option == "--client-namespace" && language == "csharp"
            ? ["--write-client", language, "--client-output", Path.Combine(_directory, "cs"), option, value]
            : ["--write-client", language, option, value];

        var (exitCode, errors) = await RunAsync(arguments);

        Assert.Equal(1, exitCode);
        Assert.Contains(reason, errors, StringComparison.Ordinal);
        Assert.DoesNotContain("(Parameter", errors, StringComparison.Ordinal);
    }

    private async Task<(int ExitCode, string Errors)> RunAsync(params string[] arguments)
    {
        var config = Path.Combine(_directory, "bunbase.config.json");
        await File.WriteAllTextAsync(config, $$"""{ "name": "fixture", "host": "127.0.0.1", "port": 0, "auth": { "sessionSecret": "{{RepositoryPaths.SessionSecret}}" } }""");
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = _directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in (string[])[RepositoryPaths.TestAppAssembly, "--config", config, .. arguments])
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
            throw new TimeoutException("the app did not exit within 60 s (did it start serving?)");
        }

        _ = await output;
        return (process.ExitCode, await errors);
    }
}
