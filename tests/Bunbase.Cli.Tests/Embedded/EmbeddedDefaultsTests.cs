namespace Bunbase.Cli.Tests.Embedded;

/// <summary>
/// The README's run command with PostgreSQL and Redis out of reach: in a network namespace of its
/// own (only an empty loopback) the example app serves every action on the embedded defaults —
/// sign-up and sign-in, users, notes, a queued job and a cron job (embedded-defaults.sh).
/// </summary>
[Collection(ExampleAppBuilds.Name)]
public sealed class EmbeddedDefaultsTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("bunbase-embedded-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task The_example_app_works_with_no_database_or_redis_reachable()
    {
        var script = Path.Combine(RepositoryPaths.Root, "tests", "Bunbase.Cli.Tests", "Embedded", "embedded-defaults.sh");
        var email = $"embedded-{Guid.NewGuid():N}@example.com";
        // Root creates the namespace directly; anyone else maps themselves to root in a user namespace.
        string[] unshare = Environment.UserName == "root" ? ["--net"] : ["--net", "--map-root-user"];
        using var run = ChildProcess.StartProgram("unshare", [.. unshare, "--", "env", $"TMPDIR_DEV={_directory}", "bash", script, RepositoryPaths.Root, "3000", email]);

        Assert.True(await run.WaitForExitAsync(TimeSpan.FromMinutes(5)), run.Output);
        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Contains("PostgreSQL unreachable", run.Output, StringComparison.Ordinal);
        Assert.Contains("queued job ran", run.Output, StringComparison.Ordinal);
        Assert.Contains("cron job ran", run.Output, StringComparison.Ordinal);
        Assert.Contains("EMBEDDED OK", run.Output, StringComparison.Ordinal);
    }
}
