using System.CommandLine;
using Bunbase.Runtime.Data;
using Bunbase.Runtime.Data.Migrations;

namespace Bunbase.Cli;

/// <summary>
/// <c>bunbase seed</c>: development data in <c>seeds/NNNN_name.sql</c> (with <c>seeds/sqlite/</c> variants),
/// applied once each after the migrations and recorded in <c>bunbase_seeds</c>; <c>fresh</c> empties the
/// database, applies every migration and every seed again.
/// </summary>
internal static class SeedCommand
{
    public static Command Create()
    {
        var command = new Command("seed", "Development data: seeds/NNNN_name.sql files, applied once each (recorded in bunbase_seeds), after the migrations");

        var run = new Command("run", "Apply pending migrations, then the seed files not applied yet");
        run.SetAction(async (parse, cancellationToken) =>
        {
            var (migrations, seeds) = For(parse);
            await MigrateCommand.ApplyAsync(migrations, dryRun: false).ConfigureAwait(false);
            await MigrateCommand.ApplyAsync(seeds, dryRun: false, "seed").ConfigureAwait(false);
            return ExitCodes.Success;
        });

        var status = new Command("status", "List seed files: applied, pending, edited, missing");
        status.SetAction((parse, cancellationToken) => MigrateCommand.StatusAsync(For(parse).Seeds));

        var name = new Argument<string>("name") { Description = "What the data is, e.g. \"demo users\" (becomes seeds/NNNN_demo_users.sql)" };
        var create = new Command("new", "Create seeds/NNNN_name.sql holding only a comment; seed run refuses it until it has SQL") { name };
        create.SetAction(async (parse, cancellationToken) =>
        {
            var seeds = For(parse).Seeds;
            var path = MigrationFolder.NextPath(seeds.Directory, parse.GetValue(name)!);
            Directory.CreateDirectory(seeds.Directory);
            await File.WriteAllTextAsync(path, MigrateCommand.NewFileText(Path.GetFileNameWithoutExtension(path), "seed", "bunbase seed run"), cancellationToken).ConfigureAwait(false);
            Console.WriteLine($"created {Path.GetRelativePath(Directory.GetCurrentDirectory(), path)}");
            return ExitCodes.Success;
        });

        var yes = new Option<bool>("--yes") { Description = "Needed on PostgreSQL: every table in schema public is dropped" };
        var fresh = new Command("fresh", "Empty the database (the embedded file is deleted; on PostgreSQL schema public is dropped, with --yes), then apply every migration and every seed") { yes };
        fresh.SetAction(async (parse, cancellationToken) =>
        {
            var configPath = AppProject.FindConfig(parse.GetValue(CommonOptions.Config));
            var options = MigrateCommand.LoadOptions(configPath);
            var root = Path.GetDirectoryName(configPath)!;
            if (options.Database.Url is null)
            {
                var file = DatabaseFactory.EmbeddedPath(options.Database, root);
                foreach (var path in new[] { file, file + "-wal", file + "-shm" })
                    File.Delete(path);
                Console.WriteLine($"bunbase: deleted {Path.GetRelativePath(Directory.GetCurrentDirectory(), file)}");
            }
            else
            {
                if (!parse.GetValue(yes))
                    throw new CliException("seed fresh drops every table in schema public of the configured PostgreSQL database: pass --yes to do it");
                var (_, database) = await MigrateCommand.OpenDatabaseAsync(configPath).ConfigureAwait(false);
                await using (database.ConfigureAwait(false))
                {
                    try
                    {
                        var connection = await database.PrimarySource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
                        await using (connection.ConfigureAwait(false))
                        {
                            foreach (var sql in new[] { "drop schema public cascade", "create schema public" })
                            {
                                var statement = connection.CreateCommand();
                                await using (statement.ConfigureAwait(false))
                                {
                                    statement.CommandText = sql;
                                    await statement.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                                }
                            }
                        }
                    }
                    catch (System.Data.Common.DbException ex)
                    {
                        throw new CliException($"cannot empty {database.Description}: {ex.Message}", ExitCodes.Failed);
                    }
                }

                Console.WriteLine($"bunbase: dropped schema public of {database.Description}");
            }

            await MigrateCommand.ApplyAsync(Migrator.For(options, root), dryRun: false).ConfigureAwait(false);
            await MigrateCommand.ApplyAsync(Migrator.ForSeeds(options, root), dryRun: false, "seed").ConfigureAwait(false);
            return ExitCodes.Success;
        });

        command.Subcommands.Add(create);
        command.Subcommands.Add(status);
        command.Subcommands.Add(run);
        command.Subcommands.Add(fresh);
        command.SetAction(CommandLine.ShowHelp);
        return command;
    }

    private static (Migrator Migrations, Migrator Seeds) For(ParseResult parse)
    {
        var configPath = AppProject.FindConfig(parse.GetValue(CommonOptions.Config));
        var options = MigrateCommand.LoadOptions(configPath);
        var root = Path.GetDirectoryName(configPath)!;
        return (Migrator.For(options, root), Migrator.ForSeeds(options, root));
    }
}
