using System.Globalization;
using Bunbase.Runtime.Configuration;
using Bunbase.Runtime.Data;
using Bunbase.Runtime.Data.Migrations;
using Bunbase.Runtime.Hosting;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bunbase.Cli;

/// <summary>
/// <c>bunbase migrate [--dry-run]</c>, <c>bunbase migrate status</c> and <c>bunbase migrate new NAME</c>,
/// against the database the app's configuration names (the environment overrides it as it does the app's).
/// </summary>
internal static class MigrateCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var rest = new List<string>();
        var dryRun = false;
        foreach (var arg in args)
        {
            if (arg == "--dry-run")
                dryRun = true;
            else
                rest.Add(arg);
        }

        var verb = rest.Count > 0 && !rest[0].StartsWith('-') ? rest[0] : null;
        if (verb is not null)
            rest.RemoveAt(0);
        string? name = null;
        if (verb == "new")
        {
            if (rest.Count == 0 || rest[0].StartsWith('-'))
                throw new CliException("usage: bunbase migrate new NAME");
            name = rest[0];
            rest.RemoveAt(0);
        }

        var configPath = AppProject.FindConfig([.. rest]);
        var migrator = Migrator.For(LoadOptions(configPath), Path.GetDirectoryName(configPath)!);
        try
        {
            switch (verb)
            {
                case null:
                    await ApplyAsync(migrator, dryRun).ConfigureAwait(false);
                    return 0;
                case "status":
                    return await StatusAsync(migrator).ConfigureAwait(false);
                case "new":
                    var path = MigrationFolder.NextPath(migrator.Directory, name!);
                    Directory.CreateDirectory(migrator.Directory);
                    await File.WriteAllTextAsync(path, $"-- {Path.GetFileNameWithoutExtension(path)}\n-- Applied once, in a transaction, by `bunbase migrate`. Never edit it after it has been applied.\n\n").ConfigureAwait(false);
                    Console.WriteLine($"created {Path.GetRelativePath(Directory.GetCurrentDirectory(), path)}");
                    return 0;
                default:
                    throw new CliException($"unknown migrate command '{verb}' (use: bunbase migrate [--dry-run], migrate status, migrate new NAME)");
            }
        }
        catch (MigrationException ex)
        {
            throw new CliException(ex.Message);
        }
    }

    /// <summary>Applies pending migrations, printing one line each; used by <c>bunbase dev</c> before the app starts.</summary>
    public static async Task ApplyAsync(Migrator migrator, bool dryRun)
    {
        var applied = await migrator.ApplyAsync(dryRun, line => Console.WriteLine($"bunbase: {line}"), CancellationToken.None).ConfigureAwait(false);
        if (applied.Count == 0)
            Console.WriteLine($"bunbase: migrations are up to date ({migrator.Backend})");
        else if (dryRun)
            Console.WriteLine($"bunbase: {applied.Count} migration(s) pending; nothing was applied (--dry-run)");
    }

    /// <summary>The configuration found from the arguments (<c>--config</c>) and the database it names, for the commands that read the runtime's tables.</summary>
    /// <remarks>The embedded file is prepared as the app would prepare it (its folder created), so a command run before the app's first start finds empty tables rather than failing.</remarks>
    public static async Task<(BunbaseOptions Options, Database Database)> OpenDatabaseAsync(string[] args)
    {
        var configPath = AppProject.FindConfig(args);
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
                await database.DisposeAsync().ConfigureAwait(false);
                throw new CliException(ex.Message);
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

    private static async Task<int> StatusAsync(Migrator migrator)
    {
        var states = await migrator.StatusAsync(CancellationToken.None).ConfigureAwait(false);
        if (states.Count == 0)
            Console.WriteLine($"no migrations in {migrator.Directory}");
        var width = states.Count == 0 ? 0 : states.Max(s => s.Name.Length);
        foreach (var state in states)
        {
            var when = state.AppliedAt is { } at ? at.ToString("u", CultureInfo.InvariantCulture) : "";
            var status = state.Status switch
            {
                MigrationStatus.Applied => $"applied {when}",
                MigrationStatus.Pending => "pending",
                MigrationStatus.Edited => $"EDITED after it was applied {when}",
                _ => $"MISSING from the folder (applied {when})",
            };
            Console.WriteLine($"{state.Name.PadRight(width)}  {status}");
        }

        // Non-zero when something needs attention, so scripts can gate a deploy on it.
        return states.Any(s => s.Status is MigrationStatus.Edited or MigrationStatus.Missing) ? 1 : 0;
    }
}
