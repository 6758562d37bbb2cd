using System.CommandLine;

namespace Bunbase.Cli;

/// <summary>
/// Every command of the tool. A new command is one line here: a factory returning its
/// <see cref="Command"/> (with its options, subcommands and action), or, for an entry point that parses
/// its own arguments, <c>PassThrough("benchmark", "...", BenchmarkEntry.RunAsync)</c>.
/// </summary>
internal static class CommandTree
{
    public static IEnumerable<Command> Commands() =>
    [
        InitCommand.Create(),
        NewCommand.Create(),
        DevCommand.Create(),
        StartCommand.Create(),
        MigrateCommand.Create(),
        SeedCommand.Create(),
        RoutesCommand.Create(),
        OpenApiCommand.Create(),
        ClientCommand.Create(),
        JobsCommand.Create(),
        MailCommand.Create(),
        RunsCommand.Create(),
        EventsCommand.Create(),
        McpCommand.Create(),
        WebhooksCommand.Create(),
        BenchmarkCommand.Create(),
    ];

    /// <summary>
    /// A command whose arguments all go to <paramref name="run"/> (after the command's name, minus
    /// <c>--config</c>, which is passed first when given); <c>--help</c> prints <paramref name="description"/>.
    /// </summary>
    public static Command PassThrough(string name, string description, Func<string[], Task<int>> run)
    {
        var command = new Command(name, description) { TreatUnmatchedTokensAsErrors = false };
        command.SetAction((parse, cancellationToken) =>
        {
            var config = parse.GetValue(CommonOptions.Config);
            string[] arguments = [.. config is null ? [] : new[] { "--config", config }, .. parse.UnmatchedTokens];
            return run(arguments);
        });
        return command;
    }
}
