using System.CommandLine;
using Bunbase.Runtime.Data;
using Bunbase.Runtime.Data.Migrations;

namespace Bunbase.Cli;

/// <summary>
/// <c>bunbase seed</c>: development data in <c>seeds/NNNN_name.sql</c> (with <c>seeds/sqlite/</c> variants)
/// and C# seeds (<see cref="DataSeed"/> classes), applied once each in version order after the migrations
/// and recorded in <c>bunbase_seeds</c>; <c>fresh</c> empties the database, applies every migration and
/// every seed again. With an app project beside the configuration the app itself applies the seeds (C#
/// seeds live in its assembly); a folder of SQL files alone is applied by the tool.
/// </summary>
internal static class SeedCommand
{
    public static Command Create()
    {
        var command = new Command("seed", "Development data: seeds/NNNN_name.sql files and C# seeds, applied once each in version order (recorded in bunbase_seeds), after the migrations");

        var run = new Command("run", "Apply pending migrations, then the seeds not applied yet (SQL files and C# seeds, in version order)");
        run.SetAction(async (parse, cancellationToken) =>
        {
            var (migrations, seeds) = For(parse);
            await MigrateCommand.ApplyAsync(migrations, dryRun: false).ConfigureAwait(false);
            return await ApplySeedsAsync(parse, seeds).ConfigureAwait(false);
        });

        var status = new Command("status", "List seeds (SQL files and C# seeds): applied, pending, edited, missing");
        status.SetAction((parse, cancellationToken) => AppProject.TryFind(parse.GetValue(CommonOptions.Config)) is { } app
            ? AppRunner.RunAsync(app, RunMode.Development, SeedOption, "status")
            : MigrateCommand.StatusAsync(For(parse).Seeds));

        var name = new Argument<string>("name") { Description = "What the data is, e.g. \"demo users\" (becomes seeds/NNNN_demo_users.sql, or .cs)" };
        var csharp = new Option<bool>("--csharp") { Description = "Write a C# seed (seeds/NNNN_name.cs, a DataSeed class that can call actions) instead of a SQL file" };
        var create = new Command("new", "Create seeds/NNNN_name.sql holding only a comment (or, with --csharp, a C# seed that throws until written); seed run refuses either until it is written") { name, csharp };
        create.SetAction(async (parse, cancellationToken) =>
        {
            var seeds = For(parse).Seeds;
            var code = parse.GetValue(csharp);
            var path = MigrationFolder.NextPath(seeds.Directory, parse.GetValue(name)!, code ? ".cs" : ".sql");
            var seedName = Path.GetFileNameWithoutExtension(path);
            string text;
            if (code)
            {
                var app = AppProject.TryFind(parse.GetValue(CommonOptions.Config))
                    ?? throw new CliException("a C# seed is compiled into the app: no *.csproj beside the configuration");
                text = CSharpSeedText(NewCommand.RootNamespace(app.ProjectPath), seedName);
            }
            else
            {
                text = MigrateCommand.NewFileText(seedName, "seed", "bunbase seed run");
            }

            Directory.CreateDirectory(seeds.Directory);
            await File.WriteAllTextAsync(path, text, cancellationToken).ConfigureAwait(false);
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
            return await ApplySeedsAsync(parse, Migrator.ForSeeds(options, root)).ConfigureAwait(false);
        });

        command.Subcommands.Add(create);
        command.Subcommands.Add(status);
        command.Subcommands.Add(run);
        command.Subcommands.Add(fresh);
        command.SetAction(CommandLine.ShowHelp);
        return command;
    }

    /// <summary>The app's argument that applies (<c>run</c>) or lists (<c>status</c>) its seeds and exits.</summary>
    private const string SeedOption = "--seed";

    /// <summary>The seeds not applied yet: by the app when there is one (it knows its C# seeds), else the SQL files by the tool.</summary>
    private static async Task<int> ApplySeedsAsync(ParseResult parse, Migrator seeds)
    {
        if (AppProject.TryFind(parse.GetValue(CommonOptions.Config)) is { } app)
            return await AppRunner.RunAsync(app, RunMode.Development, SeedOption, "run").ConfigureAwait(false);
        await MigrateCommand.ApplyAsync(seeds, dryRun: false, "seed").ConfigureAwait(false);
        return ExitCodes.Success;
    }

    private static string CSharpSeedText(string rootNamespace, string seedName)
    {
        var className = string.Concat(seedName[(seedName.IndexOf('_', StringComparison.Ordinal) + 1)..].Split('_', '-').Where(w => w.Length > 0).Select(w => char.ToUpperInvariant(w[0]) + w[1..])) + "Seed";
        return $$"""
            using Bunbase;

            namespace {{rootNamespace}}.Seeds;

            /// <summary>Development data, applied once by `bunbase seed run` in one transaction (nothing is kept if it throws).</summary>
            [Seed("{{seedName}}")]
            public sealed class {{className}} : DataSeed
            {
                public override Task RunAsync(ActionContext context, CancellationToken cancellationToken)
                {
                    // Write the data here, through context.Db or by calling actions (their validation applies), e.g.
                    //   await context.Db.ExecuteAsync("insert into notes (title) values (@title)", new { title = "First" }, cancellationToken);
                    // While this throws, `bunbase seed run` stops here and records nothing.
                    throw new NotImplementedException("{{seedName}} is not written yet: write its data in seeds/{{seedName}}.cs");
                }
            }

            """;
    }

    private static (Migrator Migrations, Migrator Seeds) For(ParseResult parse)
    {
        var configPath = AppProject.FindConfig(parse.GetValue(CommonOptions.Config));
        var options = MigrateCommand.LoadOptions(configPath);
        var root = Path.GetDirectoryName(configPath)!;
        return (Migrator.For(options, root), Migrator.ForSeeds(options, root));
    }
}
