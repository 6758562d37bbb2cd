using System.CommandLine;

namespace Bunbase.Cli.Tests;

/// <summary>The command tree: help everywhere, one line and exit code 2 for anything it cannot parse.</summary>
public sealed class CommandLineTests
{
    private static readonly string Tool = Path.Combine(AppContext.BaseDirectory, "bunbase.dll");

    public static TheoryData<string> EveryCommand()
    {
        var data = new TheoryData<string>();
        foreach (var path in Paths(CommandLine.Root(), []))
            data.Add(string.Join(' ', path));
        return data;
    }

    [Theory]
    [MemberData(nameof(EveryCommand))]
    public async Task Every_command_has_help_that_exits_0(string command)
    {
        string[] arguments = [.. command.Split(' ', StringSplitOptions.RemoveEmptyEntries), "--help"];

        var exitCode = await CommandLine.RunAsync(arguments);

        Assert.Equal(0, exitCode);
    }

    [Fact]
    public void The_tree_has_every_command_the_readme_lists()
    {
        var commands = Paths(CommandLine.Root(), []).Select(path => string.Join(' ', path)).ToList();

        Assert.Superset(
            new HashSet<string> { "", "init", "new action", "dev", "start", "migrate", "migrate status", "migrate new", "seed new", "seed status", "seed run", "seed fresh", "routes", "openapi", "jobs", "jobs dead", "jobs retry", "jobs purge", "runs" },
            commands.ToHashSet());
    }

    [Theory]
    [InlineData("--bogus")]
    [InlineData("jobs", "dead", "--limit", "abc")]
    [InlineData("jobs", "dead", "--limit", "0")]
    [InlineData("runs", "--limit")]
    [InlineData("migrate", "--dry-run", "--frobnicate")]
    [InlineData("jobs", "retry")]
    [InlineData("start", "--migrate", "--allow-pending")]
    [InlineData("new", "action", "not a name")]
    [InlineData("init", "9lives")]
    [InlineData("deploy")]
    public async Task Bad_arguments_answer_one_line_and_exit_2(params string[] arguments)
    {
        using var process = ChildProcess.Start(Path.GetTempPath(), new Dictionary<string, string>(), [Tool, .. arguments]);

        Assert.True(await process.WaitForExitAsync(TimeSpan.FromSeconds(60)), process.Output);
        Assert.Equal(2, process.ExitCode);
        var line = Assert.Single(process.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("bunbase: ", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Version_prints_the_package_version()
    {
        using var process = ChildProcess.Start(Path.GetTempPath(), new Dictionary<string, string>(), Tool, "--version");

        Assert.True(await process.WaitForExitAsync(TimeSpan.FromSeconds(60)), process.Output);
        Assert.Equal(0, process.ExitCode);
        Assert.StartsWith(InitCommand.PackageVersion, process.Output.Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_pass_through_command_gets_its_arguments_and_the_config()
    {
        string[]? received = null;
        var root = new RootCommand { CommonOptions.Config };
        root.Subcommands.Add(CommandTree.PassThrough("bench", "runs a benchmark", arguments =>
        {
            received = arguments;
            return Task.FromResult(0);
        }));

        var exitCode = await root.Parse(["bench", "hello", "--duration", "10s", "--config", "app.json"]).InvokeAsync();

        Assert.Equal(0, exitCode);
        Assert.Equal(["--config", "app.json", "hello", "--duration", "10s"], received!);
    }

    private static IEnumerable<List<string>> Paths(Command command, List<string> prefix)
    {
        yield return prefix;
        foreach (var sub in command.Subcommands)
        {
            foreach (var path in Paths(sub, [.. prefix, sub.Name]))
                yield return path;
        }
    }
}
