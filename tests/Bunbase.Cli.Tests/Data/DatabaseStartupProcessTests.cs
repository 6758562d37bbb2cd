namespace Bunbase.Cli.Tests.Data;

/// <summary>A database that cannot be used stops start-up with one line (and never shows a password).</summary>
public sealed class DatabaseStartupProcessTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("bunbase-dbstart-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task An_unreachable_server_is_named_by_host_and_port_without_the_password()
    {
        var port = ChildProcess.FreePort();

        var line = await RefusedAsync(new() { ["DATABASE_URL"] = $"postgres://app:hunter2secret@127.0.0.1:{port}/shop" });

        Assert.StartsWith($"bunbase: cannot connect to PostgreSQL at 127.0.0.1:{port}/shop:", line, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2secret", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_database_on_a_running_server_says_so()
    {
        var server = new Uri(Environment.GetEnvironmentVariable("BUNBASE_TEST_DATABASE_URL") ?? "postgres://bunbase_test:bunbase_test@127.0.0.1:5432/bunbase_test");

        var line = await RefusedAsync(new() { ["DATABASE_URL"] = $"postgres://{server.UserInfo}@{server.Host}:{server.Port}/bunbase_no_such_db" });

        Assert.Contains($"cannot connect to PostgreSQL at {server.Host}:{server.Port}/bunbase_no_such_db", line, StringComparison.Ordinal);
        Assert.Contains("database \"bunbase_no_such_db\" does not exist", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_password_is_refused_without_repeating_it()
    {
        var server = new Uri(Environment.GetEnvironmentVariable("BUNBASE_TEST_DATABASE_URL") ?? "postgres://bunbase_test:bunbase_test@127.0.0.1:5432/bunbase_test");
        var user = server.UserInfo.Split(':')[0];

        var line = await RefusedAsync(new() { ["DATABASE_URL"] = $"postgres://{user}:not-the-password-42@{server.Host}:{server.Port}/bunbase_test" });

        Assert.Contains("password authentication failed", line, StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-password-42", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_corrupted_embedded_database_file_is_one_line()
    {
        Directory.CreateDirectory(Path.Combine(_directory, ".bunbase"));
        await File.WriteAllTextAsync(Path.Combine(_directory, ".bunbase", "data.db"), new string('x', 8192));

        var line = await RefusedAsync([]);

        Assert.Contains("data.db' is corrupted or not a SQLite database", line, StringComparison.Ordinal);
        Assert.Equal(new string('x', 8192), await File.ReadAllTextAsync(Path.Combine(_directory, ".bunbase", "data.db")));
    }

    [Fact]
    public async Task An_embedded_database_folder_that_cannot_be_created_is_one_line()
    {
        await File.WriteAllTextAsync(Path.Combine(_directory, ".bunbase"), "a file where the folder should be");

        var line = await RefusedAsync([]);

        Assert.Contains("the embedded database folder", line, StringComparison.Ordinal);
        Assert.Contains("is not writable", line, StringComparison.Ordinal);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task An_embedded_database_folder_without_write_permission_is_one_line()
    {
        // Root writes anywhere: the app runs as an unprivileged user, for whom the folder is read-only.
        var runAs = Environment.UserName == "root" ? "nobody" : null;
        File.SetUnixFileMode(_directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        var folder = Directory.CreateDirectory(Path.Combine(_directory, ".bunbase")).FullName;
        File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);

        var line = await RefusedAsync([], runAs);

        Assert.Contains($"the embedded database folder '{folder}' is not writable", line, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(folder));
    }

    private async Task<string> RefusedAsync(Dictionary<string, string> environment, string? runAs = null)
    {
        var config = Path.Combine(_directory, "bunbase.config.json");
        await File.WriteAllTextAsync(config, $$"""{ "name": "dbstart", "host": "127.0.0.1", "port": {{ChildProcess.FreePort()}} }""");
        // The fixture app has guarded actions: outside Development it needs a session secret to get as far as the database.
        environment["BUNBASE__AUTH__SESSIONSECRET"] = RepositoryPaths.SessionSecret;
        using var app = runAs is null
            ? ChildProcess.Start(_directory, environment, RepositoryPaths.TestAppAssembly, "--config", config)
            : ChildProcess.StartProgram("runuser", ["-u", runAs, "--", "env", .. environment.Select(e => $"{e.Key}={e.Value}"), "HOME=/tmp", "DOTNET_CLI_HOME=/tmp", "dotnet", RepositoryPaths.TestAppAssembly, "--config", config]);

        Assert.True(await app.WaitForExitAsync(TimeSpan.FromSeconds(60)), app.Output);
        Assert.Equal(1, app.ExitCode);
        return Assert.Single(app.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }
}
