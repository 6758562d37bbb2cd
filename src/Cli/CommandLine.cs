using System.CommandLine;
using System.CommandLine.Help;
using Bunbase.Runtime.Data.Migrations;
using Bunbase.Runtime.Foundation;

namespace Bunbase.Cli;

/// <summary>
/// Parses <c>bunbase COMMAND ...</c> (System.CommandLine: <c>--help</c> on every command, <c>--version</c>,
/// completions through <c>dotnet-suggest</c>) and runs it. A parse error, a <see cref="CliException"/>, or a
/// <see cref="StartupException"/> from the runtime's own checks is one line on standard error and exit code 2
/// (a <see cref="CliException"/> may carry another code; see <see cref="ExitCodes"/>).
/// </summary>
internal static class CommandLine
{
    public static RootCommand Root()
    {
        var root = new RootCommand("The bunbase tool: create, run, migrate and inspect Bunbase applications.");
        root.Options.Add(CommonOptions.Config);
        foreach (var command in CommandTree.Commands())
            root.Subcommands.Add(command);
        root.SetAction(parse => ShowHelp(parse));
        return root;
    }

    public static async Task<int> RunAsync(string[] args, CancellationToken cancellationToken = default)
    {
        var parse = Root().Parse(args);
        if (parse.Errors.Count > 0 && parse.Action is not HelpAction)
        {
            var command = string.Join(' ', Path(parse.CommandResult.Command));
            await Console.Error.WriteLineAsync($"bunbase: {parse.Errors[0].Message} (see '{command} --help')").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        // What these print comes from the database, where clients, handlers and other servers chose the text.
        var output = Console.Out;
        if (Path(parse.CommandResult.Command).ElementAtOrDefault(1) is "jobs" or "runs" or "mail" or "events" or "webhooks")
            Console.SetOut(new TerminalSafeWriter(output));
        try
        {
            // No exception handler (a mistake is one line, below) and no signal handling: dev and start forward signals to the app.
            return await parse.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null }, cancellationToken).ConfigureAwait(false);
        }
        catch (CliException ex)
        {
            await Console.Error.WriteLineAsync($"bunbase: {ex.Message}").ConfigureAwait(false);
            return ex.ExitCode;
        }
        catch (MigrationException ex)
        {
            await Console.Error.WriteLineAsync($"bunbase: {ex.Message}").ConfigureAwait(false);
            return ex.WorkFailed ? ExitCodes.Failed : ExitCodes.Usage;
        }
        catch (StartupException ex)
        {
            // The runtime's own checks of the configuration (a database URL's parameters, for one), met by a command that opens what it names.
            await Console.Error.WriteLineAsync($"bunbase: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.Usage;
        }
        finally
        {
            if (!ReferenceEquals(Console.Out, output))
            {
                Console.Out.Flush();
                Console.SetOut(output);
            }
        }
    }

    /// <summary>Prints the help of the command parsed (for commands that only group others).</summary>
    public static int ShowHelp(ParseResult parse)
    {
        new HelpAction().Invoke(parse);
        return ExitCodes.Success;
    }

    private static IEnumerable<string> Path(Command command)
    {
        var names = new List<string>();
        for (Command? current = command; current is not null; current = current.Parents.OfType<Command>().FirstOrDefault())
            names.Insert(0, current is RootCommand ? "bunbase" : current.Name);
        return names;
    }
}
