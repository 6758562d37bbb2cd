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
            new HashSet<string> { "", "init", "new action", "dev", "start", "migrate", "migrate status", "migrate new", "seed new", "seed status", "seed run", "seed fresh", "routes", "openapi", "client", "client typescript", "client csharp", "jobs", "jobs dead", "jobs retry", "jobs purge", "runs", "events", "events streams", "events read", "events subscriptions", "events dead", "events retry", "events skip", "mail" },
            commands.ToHashSet());
    }

    [Theory]
    [InlineData("--bogus")]
    [InlineData("jobs", "dead", "--limit", "abc")]
    [InlineData("jobs", "dead", "--limit", "0")]
    [InlineData("runs", "--limit")]
    [InlineData("mail", "--status", "lost")]
    [InlineData("migrate", "--dry-run", "--frobnicate")]
    [InlineData("jobs", "retry")]
    [InlineData("start", "--migrate", "--allow-pending")]
    [InlineData("new", "action", "not a name")]
    [InlineData("init", "9lives")]
    [InlineData("init", "class")]
    [InlineData("init", "Acme.namespace")]
    [InlineData("init", "Shop", "--output", "")]
    [InlineData("deploy")]
    [InlineData("client", "typescript")]
    [InlineData("client", "csharp", "--react", "--output", "x")]
    public async Task Bad_arguments_answer_one_line_and_exit_2(params string[] arguments)
    {
        using var process = ChildProcess.Start(Path.GetTempPath(), new Dictionary<string, string>(), [Tool, .. arguments]);

        Assert.True(await process.WaitForExitAsync(TimeSpan.FromSeconds(60)), process.Output);
        Assert.Equal(2, process.ExitCode);
        var line = Assert.Single(process.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("bunbase: ", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--limit must be a whole number from 1 to 10000, not 'abc'", "jobs", "dead", "--limit", "abc")]
    [InlineData("--limit must be a whole number from 1 to 10000, not '99999999999'", "jobs", "dead", "--limit", "99999999999")]
    [InlineData("'notaguid' is not a job id", "jobs", "retry", "notaguid")]
    [InlineData("'1234' is not a job id", "jobs", "purge", "1234")]
    [InlineData("--limit must be a whole number from 1 to 10000, not '1e3'", "runs", "--limit", "1e3")]
    [InlineData("--status must be one of pending, delivered, failed, skipped, not 'lost'", "webhooks", "deliveries", "--status", "lost")]
    [InlineData("--method must be one of GET, POST, PUT, PATCH, DELETE, not 'FETCH'", "new", "action", "list-orders", "--method", "FETCH")]
    [InlineData("--rounds must be a whole number of 1 or more, not 'abc'", "benchmark", "--rounds", "abc")]
    [InlineData("--connections must be a whole number of 1 or more, not '0'", "benchmark", "--connections", "0")]
    [InlineData("--requests must be a whole number of 1 or more, not '1.5'", "benchmark", "--requests", "1.5")]
    [InlineData("--server-pid must be a whole number of 1 or more, not '0x10'", "benchmark", "--server-pid", "0x10")]
    [InlineData("--duration must be a number greater than 0 and at most 86400, not 'NaN'", "benchmark", "--duration", "NaN")]
    [InlineData("--timeout must be a number greater than 0 and at most 86400, not '1e300'", "benchmark", "--timeout", "1e300")]
    [InlineData("--warmup must be a number of 0 or more and at most 86400, not '-1'", "benchmark", "--warmup", "-1")]
    [InlineData("--rate must be a number greater than 0, not 'Infinity'", "benchmark", "--rate", "Infinity")]
    [InlineData("--throughput-threshold must be a number of 0 or more, not 'x'", "benchmark", "compare", "a.json", "b.json", "--throughput-threshold", "x")]
    [InlineData("--latency-threshold must be a number of 0 or more, not 'NaN'", "benchmark", "compare", "a.json", "b.json", "--latency-threshold", "NaN")]
    public Task A_bad_number_id_or_choice_is_named_in_one_line_with_exit_2(string message, params string[] arguments) =>
        AssertRefusedInOneLineAsync(message, arguments);

    [Theory]
    [InlineData("--output must name a file, not ''", "openapi", "--output", "")]
    [InlineData("--output must name a folder, not ''", "client", "typescript", "-o", "")]
    [InlineData("--output must name a folder, not ''", "client", "csharp", "--output", " ")]
    [InlineData("--output must name a folder, not ''", "init", "Shop", "--output", "")]
    [InlineData("'class' cannot name a C# namespace: 'class' is a C# keyword", "init", "class")]
    public Task A_blank_output_or_a_keyword_name_is_named_in_one_line_with_exit_2(string message, params string[] arguments) =>
        AssertRefusedInOneLineAsync(message, arguments);

    /// <summary>The tool, run with <paramref name="arguments"/>, exits 2 with one line that starts with <paramref name="message"/>.</summary>
    private static async Task AssertRefusedInOneLineAsync(string message, string[] arguments)
    {
        using var process = ChildProcess.Start(Path.GetTempPath(), new Dictionary<string, string>(), [Tool, .. arguments]);

        Assert.True(await process.WaitForExitAsync(TimeSpan.FromSeconds(60)), process.Output);
        Assert.Equal(2, process.ExitCode);
        var line = Assert.Single(process.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("bunbase: " + message, line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--limit", 50, "jobs", "dead")]
    [InlineData("--limit", 50, "runs")]
    [InlineData("--rounds", 3, "benchmark")]
    public void A_numeric_option_not_given_keeps_its_default(string option, int expected, params string[] arguments)
    {
        var parse = CommandLine.Root().Parse(arguments);

        Assert.Empty(parse.Errors);
        Assert.Equal(expected, parse.GetValue<int>(option));
    }

    [Fact]
    public void A_fractional_option_not_given_keeps_its_default()
    {
        var parse = CommandLine.Root().Parse(["benchmark", "compare", "a.json", "b.json"]);

        Assert.Empty(parse.Errors);
        Assert.Equal(new Bunbase.Cli.Benchmarking.ComparisonThresholds().Throughput, parse.GetValue<double>("--throughput-threshold"));
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
