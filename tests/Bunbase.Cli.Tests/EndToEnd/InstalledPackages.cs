namespace Bunbase.Cli.Tests.EndToEnd;

/// <summary>
/// The packages packed from this repository into a fresh user's feed (build output kept apart from the
/// repository's), and the tool and the template installed from it: shared by the end-to-end tests of a class.
/// </summary>
public sealed class InstalledPackages : IAsyncLifetime
{
    private static readonly TimeSpan Restore = TimeSpan.FromMinutes(5);

    public FreshUser User { get; } = new();

    public async Task InitializeAsync()
    {
        var artifacts = Path.Combine(User.Root, "artifacts");
        foreach (var (project, noBuild) in new[] { ("src/Cli/Bunbase.Cli.csproj", false), ("src/Runtime/Bunbase.Runtime.csproj", true), ("src/Sdk/Bunbase.Sdk.csproj", true), ("src/Testing/Bunbase.Testing.csproj", false), ("templates/Bunbase.Templates.csproj", false) })
        {
            string[] arguments = ["pack", project, "-c", "Release", "-o", User.Feed, "--artifacts-path", artifacts, "-nologo", .. noBuild ? new[] { "--no-build" } : []];
            using var pack = ChildProcess.Start(RepositoryPaths.Root, new Dictionary<string, string>(), arguments);
            Assert.True(await pack.WaitForExitAsync(TimeSpan.FromMinutes(5)), pack.Output);
            Assert.True(pack.ExitCode == 0, $"dotnet pack {project}: {pack.Output}");
        }

        var packages = Directory.GetFiles(User.Feed, "*.nupkg").Select(p => Path.GetFileName(p)).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["Bunbase.Cli", "Bunbase.Runtime", "Bunbase.Sdk", "Bunbase.Templates", "Bunbase.Testing"], packages.Select(p => p[..p.IndexOf(".0", StringComparison.Ordinal)]));

        // Install the tool and the template from the feed (the only Bunbase source the user has).
        await PackagesEndToEndTests.ExpectAsync(await User.DotnetAsync(User.Work, Restore, "tool", "install", "-g", "Bunbase.Cli"), "tool install");
        await PackagesEndToEndTests.ExpectAsync(await User.DotnetAsync(User.Work, Restore, "new", "install", "Bunbase.Templates"), "template install");
        var version = await User.RunAsync(User.Bunbase, User.Work, TimeSpan.FromMinutes(1), "--version");
        Assert.Equal(0, version.ExitCode);
        Assert.StartsWith("0.", version.Output.Trim(), StringComparison.Ordinal);
    }

    public Task DisposeAsync()
    {
        User.Dispose();
        return Task.CompletedTask;
    }
}
