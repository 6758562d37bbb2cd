using System.Diagnostics;
using Bunbase.Runtime.Clients;
using Bunbase.Runtime.Discovery;
using Bunbase.Runtime.Tests.Infrastructure;
using Bunbase.Runtime.Tests.OpenApi;
using Microsoft.Extensions.DependencyInjection;

namespace Bunbase.Runtime.Tests.Clients;

/// <summary>
/// The generated C# clients built in a small project (tests/openapi-tools/clients/csharp: nullable, warnings as
/// errors, the recommended analyzers) with the example, benchmark and fixture apps' clients side by side, and
/// run against the example app: every operation, problems, sessions and cancellation.
/// </summary>
public sealed class CSharpClientTests : IDisposable
{
    private readonly string _project = Directory.CreateTempSubdirectory("bunbase-client-").FullName;

    public void Dispose() => Directory.Delete(_project, recursive: true);

    [Fact]
    public async Task The_generated_clients_build_without_warnings_and_the_example_apps_calls_every_operation()
    {
        await using var server = await AppServer.StartAsync(Apps.Example, extraConfig: Apps.ExampleMigratedConfig);
        foreach (var file in Directory.GetFiles(Path.Combine(NodeTools.Directory, "clients", "csharp")))
            File.Copy(file, Path.Combine(_project, Path.GetFileName(file)));
        Write("Example", ClientFiles.Generate(server.Services.GetRequiredService<ActionCatalog>(), new ClientRequest(ClientLanguage.CSharp, "")));
        Write("Bench", ClientFiles.Generate(ActionDiscovery.Discover(Apps.Bench), new ClientRequest(ClientLanguage.CSharp, "", Namespace: "Bench.Client")));
        Write("Fixture", ClientFiles.Generate(ActionDiscovery.Discover(Apps.Fixture), new ClientRequest(ClientLanguage.CSharp, "", Namespace: "Fixture.Client")));

        var (built, buildOutput) = await DotnetAsync(TimeSpan.FromMinutes(5), "build", "ClientSmoke.csproj", "-nologo", "-v", "quiet", "-clp:NoSummary");
        Assert.True(built == 0, buildOutput);
        var (exitCode, output) = await DotnetAsync(TimeSpan.FromMinutes(1), Path.Combine("bin", "Debug", "net10.0", "ClientSmoke.dll"), server.Address.ToString());

        Assert.True(exitCode == 0, output);
        Assert.Matches(@"(?m)^[1-9][0-9]* operations called$", output); // the script fails when an operation is not called
    }

    private void Write(string folder, IReadOnlyDictionary<string, string> files)
    {
        Directory.CreateDirectory(Path.Combine(_project, folder));
        foreach (var (name, content) in files)
            File.WriteAllText(Path.Combine(_project, folder, name), content);
    }

    private async Task<(int ExitCode, string Output)> DotnetAsync(TimeSpan limit, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = _project, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(limit);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"dotnet {string.Join(' ', arguments)} did not exit within {limit}");
        }

        return (process.ExitCode, await output + await errors);
    }
}
