using System.CommandLine;
using Bunbase.Runtime.Configuration;
using Bunbase.Runtime.Data;
using Bunbase.Runtime.Data.Migrations;
using Microsoft.Extensions.Logging.Abstractions;
using Bunbase.Runtime.Foundation;

namespace Bunbase.Cli;

/// <summary>
/// <c>bunbase migrate [--dry-run]</c>, <c>bunbase migrate status</c> and <c>bunbase migrate new NAME</c>,
/// against the database the app's configuration names (the environment overrides it as it does the app's).
/// </summary>
internal static class MigrateCommand
{
    public static Command Create()
    {
        var dryRun = new Option<bool>("--dry-run") { Description = "List the pending migrations; apply nothing" };
        var command = new Command("migrate", "Apply pending migrations (migrations/NNNN_name.sql, with migrations/sqlite/ variants for the embedded database) to the database the configuration names")
        {
            dryRun,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await ApplyAsync(For(parse), parse.GetValue(dryRun)).ConfigureAwait(false);
            return ExitCodes.Success;
        });

        var status = new Command("status", "List migrations: applied, pending, edited after they were applied, missing from the folder (exit 1 for the last two)");
        status.SetAction((parse, cancellationToken) => StatusAsync(For(parse)));
        command.Subcommands.Add(status);

        var name = new Argument<string>("name") { Description = "What the migration does, e.g. \"create orders\" (becomes NNNN_create_orders.sql)" };
        var create = new Command("new", "Create migrations/NNNN_name.sql holding only a comment; migrate refuses it until it has SQL") { name };
        create.SetAction(async (parse, cancellationToken) =>
        {
            var migrator = For(parse);
            var path = MigrationFolder.NextPath(migrator.Directory, parse.GetValue(name)!);
            Directory.CreateDirectory(migrator.Directory);
            await File.WriteAllTextAsync(path, NewFileText(Path.GetFileNameWithoutExtension(path), "migration", "bunbase migrate"), cancellationToken).ConfigureAwait(false);
            Console.WriteLine($"created {Path.GetRelativePath(Directory.GetCurrentDirectory(), path)}");
            return ExitCodes.Success;
        });
        command.Subcommands.Add(create);
        return command;
    }

    /// <summary>The text of a new migration or seed file: comments only, which <c>migrate</c> and <c>seed run</c> refuse to apply.</summary>
    public static string NewFileText(string name, string kind, string applier) => $"""
        -- {name}
        -- Write the {kind}'s SQL below. Applied once, in a transaction, by `{applier}`; never edit it after it has been applied.
        -- When the embedded SQLite database needs different SQL, put a file of the same name in the sqlite/ folder beside this one.
        -- While this file holds only comments, `{applier}` refuses to apply it.

        """;

    private static Migrator For(ParseResult parse)
    {
        var configPath = AppProject.FindConfig(parse.GetValue(CommonOptions.Config));
        return Migrator.For(LoadOptions(configPath), Path.GetDirectoryName(configPath)!);
    }

    /// <summary>Applies pending migrations, printing one line each; used by <c>bunbase dev</c> before the app starts.</summary>
    public static Task ApplyAsync(Migrator migrator, bool dryRun, string what = "migration") =>
        MigrationReport.ApplyAsync(migrator, dryRun, what, Console.Out, CancellationToken.None);

    /// <summary>The configuration found from the arguments (<c>--config</c>) and the database it names, for the commands that read the runtime's tables.</summary>
    /// <remarks>The embedded file is prepared as the app would prepare it (its folder created), so a command run before the app's first start finds empty tables rather than failing.</remarks>
    public static async Task<(BunbaseOptions Options, Database Database)> OpenDatabaseAsync(string? config)
    {
        var configPath = AppProject.FindConfig(config);
        var options = LoadOptions(configPath);
        var database = DatabaseFactory.Create(options, Path.GetDirectoryName(configPath)!, NullLoggerFactory.Instance);
        if (database.Backend == DatabaseBackend.Sqlite)
        {
            try
            {
                await DatabaseStartup.PrepareEmbeddedAsync(database, CancellationToken.None).ConfigureAwait(false);
            }
            catch (StartupException ex)
            {
                // A file that cannot be used is a database that cannot be reached (1), as for PostgreSQL, not a usage mistake.
                await database.DisposeAsync().ConfigureAwait(false);
                throw new CliException(ex.Message, ExitCodes.Failed);
            }
        }

        return (options, database);
    }

    public static BunbaseOptions LoadOptions(string configPath)
    {
        try
        {
            return ConfigurationLoader.Load(configPath, configPathWasExplicit: true);
        }
        catch (StartupException ex)
        {
            throw new CliException(ex.Message);
        }
    }

    public static Task<int> StatusAsync(Migrator migrator) => MigrationReport.StatusAsync(migrator, Console.Out, CancellationToken.None);
}
