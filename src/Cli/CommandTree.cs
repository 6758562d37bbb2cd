using System.CommandLine;

namespace Bunbase.Cli;

/// <summary>
/// Every command of the tool. A new command is one line here: a factory returning its
/// <see cref="Command"/> (with its options, subcommands and action).
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
        JobsCommand.Create(),
        RunsCommand.Create(),
    ];
}
