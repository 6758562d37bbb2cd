using System.Text.Json;

namespace Bunbase.Cli.Tests;

/// <summary>
/// What src/Runtime/build/Bunbase.Runtime.targets (imported into every app by the package) puts in an app's
/// runtimeconfig.json, read from MSBuild's evaluation of the example app (which imports the same file). That a
/// packaged app's published runtimeconfig.json carries it is checked end to end in PackagesEndToEndTests.
/// </summary>
public sealed class RuntimeTargetsTests
{
    private const string SpinLimit = "System.Threading.ThreadPool.UnfairSemaphoreSpinLimit";

    [Fact]
    public async Task An_app_is_built_with_the_thread_pool_spin_off()
    {
        Assert.Equal("0", await RuntimeOptionAsync(SpinLimit));
    }

    [Fact]
    public async Task The_project_can_choose_another_spin_limit()
    {
        Assert.Equal("70", await RuntimeOptionAsync(SpinLimit, "-p:BunbaseThreadPoolSpinLimit=70"));
    }

    private static async Task<string?> RuntimeOptionAsync(string name, params string[] properties)
    {
        using var evaluation = ChildProcess.Start(RepositoryPaths.Root, new Dictionary<string, string>(),
            ["msbuild", "examples/bunbase-app/BunbaseApp.csproj", "-getItem:RuntimeHostConfigurationOption", "-nologo", .. properties]);
        Assert.True(await evaluation.WaitForExitAsync(TimeSpan.FromMinutes(2)), evaluation.Output);
        Assert.True(evaluation.ExitCode == 0, evaluation.Output);

        using var items = JsonDocument.Parse(evaluation.Output);
        return items.RootElement.GetProperty("Items").GetProperty("RuntimeHostConfigurationOption").EnumerateArray()
            .Where(item => item.GetProperty("Identity").GetString() == name)
            .Select(item => item.GetProperty("Value").GetString())
            .SingleOrDefault();
    }
}
