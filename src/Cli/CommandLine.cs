namespace Bunbase.Cli;

/// <summary>Dispatches <c>bunbase COMMAND [--config PATH]</c>.</summary>
internal static class CommandLine
{
    private const string Usage = """
        usage: bunbase <command> [--config PATH]

        commands:
          dev      apply pending migrations, build the app (Debug) and run it in the
                   Development environment
          start    build the app (Release) and run it in the Production environment
          openapi  write the app's OpenAPI document without serving traffic
                   (--output FILE; standard output by default)
          migrate  apply pending migrations (--dry-run: list them only)
          migrate status       list migrations: applied, pending, edited, missing
          migrate new NAME     create migrations/NNNN_name.sql
          jobs     queue depth and dead jobs; jobs dead [--action NAME] [--limit N]
          jobs retry ID|--action NAME|--all    dead jobs run again, attempts reset
          jobs purge ID|--action NAME|--all    dead jobs deleted
          runs     recent action runs, newest first: [--action NAME] [--status ok|rejected|
                   failed|cancelled] [--trace TRACE_ID] [--limit N] [--json]
          help     show this text

        The app is the project named by "project" in bunbase.config.json (default: the one
        *.csproj beside it). --config defaults to ./bunbase.config.json.
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        var command = args.FirstOrDefault();
        var rest = args.Skip(1).ToArray();
        try
        {
            return command switch
            {
                "dev" => await DevAsync(rest).ConfigureAwait(false),
                "start" => await AppRunner.RunAsync(AppProject.Find(rest), RunMode.Production).ConfigureAwait(false),
                "openapi" => await OpenApiAsync(rest).ConfigureAwait(false),
                "migrate" => await MigrateCommand.RunAsync(rest).ConfigureAwait(false),
                "jobs" => await JobsCommand.RunAsync(rest).ConfigureAwait(false),
                "runs" => await RunsCommand.RunAsync(rest).ConfigureAwait(false),
                null or "help" or "--help" or "-h" => Help(0),
                _ => Help(2, $"unknown command '{command}'"),
            };
        }
        catch (CliException ex)
        {
            await Console.Error.WriteLineAsync($"bunbase: {ex.Message}").ConfigureAwait(false);
            return 2;
        }
    }

    /// <summary>Removes <c>NAME VALUE</c> from the arguments and returns the value (null when absent).</summary>
    public static string? TakeOption(List<string> args, string name)
    {
        var index = args.IndexOf(name);
        if (index < 0 || index + 1 >= args.Count)
            return null;
        var value = args[index + 1];
        args.RemoveRange(index, 2);
        return value;
    }

    private static async Task<int> DevAsync(string[] args)
    {
        var app = AppProject.Find(args);
        try
        {
            await MigrateCommand.ApplyAsync(Runtime.Data.Migrations.Migrator.For(MigrateCommand.LoadOptions(app.ConfigPath), app.Directory), dryRun: false).ConfigureAwait(false);
        }
        catch (Runtime.Data.Migrations.MigrationException ex)
        {
            throw new CliException(ex.Message);
        }

        return await AppRunner.RunAsync(app, RunMode.Development).ConfigureAwait(false);
    }

    private static Task<int> OpenApiAsync(string[] args)
    {
        var output = "-";
        var rest = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] is "--output" or "-o" && i + 1 < args.Length)
                output = Path.GetFullPath(args[++i]);
            else
                rest.Add(args[i]);
        }

        // The app writes the document and exits before it listens.
        return AppRunner.RunAsync(AppProject.Find([.. rest]), RunMode.Development, "--write-openapi", output);
    }

    private static int Help(int exitCode, string? error = null)
    {
        if (error is not null)
            Console.Error.WriteLine($"bunbase: {error}");
        (exitCode == 0 ? Console.Out : Console.Error).WriteLine(Usage);
        return exitCode;
    }
}

/// <summary>A mistake in how the tool was called or configured: printed as one line.</summary>
internal sealed class CliException(string message) : Exception(message);
