using System.CommandLine;
using Bunbase.Runtime.Data.Migrations;

namespace Bunbase.Cli;

/// <summary>
/// <c>bunbase start</c>: build (Release) and run the app in Production. Pending migrations refuse the
/// start (exit 3) unless <c>--migrate</c> applies them or <c>--allow-pending</c> starts anyway with a warning;
/// with <c>database.migrateOnStart</c> the app applies them itself.
/// </summary>
internal static class StartCommand
{
    public static Command Create()
    {
        var migrate = new Option<bool>("--migrate") { Description = "Apply pending migrations before starting" };
        var allowPending = new Option<bool>("--allow-pending") { Description = "Start even when migrations are pending (with a warning)" };
        var command = new Command("start", "Build the app (Release) and run it in Production; refuses (exit 3) while migrations are pending, unless --migrate or --allow-pending")
        {
            migrate,
            allowPending,
        };
        command.Validators.Add(result =>
        {
            if (result.GetValue(migrate) && result.GetValue(allowPending))
                result.AddError("--migrate and --allow-pending cannot be used together");
        });
        command.SetAction(async (parse, cancellationToken) =>
        {
            var app = AppProject.Find(parse.GetValue(CommonOptions.Config));
            var options = MigrateCommand.LoadOptions(app.ConfigPath);
            var migrator = Migrator.For(options, app.Directory);
            if (parse.GetValue(migrate))
            {
                await MigrateCommand.ApplyAsync(migrator, dryRun: false).ConfigureAwait(false);
            }
            else if (!options.Database.MigrateOnStart)
            {
                var pending = (await migrator.StatusAsync(cancellationToken).ConfigureAwait(false)).Where(s => s.Status == MigrationStatus.Pending).Select(s => s.Name).ToList();
                if (pending.Count > 0 && !parse.GetValue(allowPending))
                {
                    await Console.Error.WriteLineAsync($"bunbase: {pending.Count} migration(s) pending ({string.Join(", ", pending)}): run `bunbase migrate`, or start with --migrate (apply them) or --allow-pending").ConfigureAwait(false);
                    return ExitCodes.PendingMigrations;
                }

                if (pending.Count > 0)
                    await Console.Error.WriteLineAsync($"bunbase: warning: starting with {pending.Count} migration(s) pending ({string.Join(", ", pending)})").ConfigureAwait(false);
            }

            return await AppRunner.RunAsync(app, RunMode.Production).ConfigureAwait(false);
        });
        return command;
    }
}
