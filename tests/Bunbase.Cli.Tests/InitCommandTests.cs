namespace Bunbase.Cli.Tests;

/// <summary><c>bunbase init</c> as a real process: a folder it cannot fill is one line, and nothing is left half-written.</summary>
public sealed class InitCommandTests : IDisposable
{
    private static readonly string Tool = Path.Combine(AppContext.BaseDirectory, "bunbase.dll");
    private readonly string _directory = Directory.CreateTempSubdirectory("bunbase-init-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task An_output_that_is_a_file_is_one_line_and_the_file_is_untouched()
    {
        var file = Path.Combine(_directory, "notes.txt");
        await File.WriteAllTextAsync(file, "mine");

        var run = await RunAsync("init", "Shop", "--output", file);

        Assert.Equal(2, run.ExitCode);
        var line = Assert.Single(run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"bunbase: {file} is a file", line, StringComparison.Ordinal);
        Assert.Equal("mine", await File.ReadAllTextAsync(file));
    }

    [Fact]
    public async Task A_folder_that_cannot_be_filled_is_one_line_and_nothing_is_left_behind()
    {
        // The folder's name fits the file system, but NAME.csproj inside it (seven characters longer) does not:
        // the first files are written, then the project file fails.
        var name = "A" + new string('a', 249);
        var folder = Path.Combine(_directory, "new", name);

        var run = await RunAsync("init", name, "--output", folder);

        Assert.Equal(1, run.ExitCode);
        var line = Assert.Single(run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"bunbase: cannot create the app in {folder}", line, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_directory, "new")), "the folders init created are removed");
    }

    [Fact]
    public async Task An_empty_folder_that_cannot_be_filled_is_left_empty()
    {
        var name = "A" + new string('a', 249);
        var folder = Directory.CreateDirectory(Path.Combine(_directory, name)).FullName;

        var run = await RunAsync("init", name, "--output", folder);

        Assert.Equal(1, run.ExitCode);
        Assert.True(Directory.Exists(folder));
        Assert.Empty(Directory.EnumerateFileSystemEntries(folder));
    }

    private async Task<(int ExitCode, string Output)> RunAsync(params string[] arguments)
    {
        using var process = ChildProcess.Start(_directory, new Dictionary<string, string>(), [Tool, .. arguments]);
        Assert.True(await process.WaitForExitAsync(TimeSpan.FromSeconds(60)), process.Output);
        return (process.ExitCode, process.Output);
    }
}
