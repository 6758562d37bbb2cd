using Bunbase.Runtime.Configuration;
using Bunbase.Runtime.Data;
using Bunbase.Runtime.Data.Migrations;
using Bunbase.Runtime.Pipeline;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bunbase.Runtime.Seeding;

/// <summary>
/// <c>--seed run</c> and <c>--seed status</c> (what <c>bunbase seed</c> asks the app for): the SQL files of
/// <c>seeds/</c> and the app's C# seeds, in version order, each applied once and recorded in
/// <c>bunbase_seeds</c>. A C# seed runs in one transaction with its history row, so a failure leaves nothing.
/// </summary>
internal static class SeedRunner
{
    public const string Option = "--seed";

    /// <returns>0; 1 when <c>status</c> finds a seed edited or missing; 2 when a seed failed or cannot be applied (as the tool answers a migration's failure).</returns>
    public static async Task<int> RunAsync(IServiceProvider services, IReadOnlyList<SeedType> seeds, string command, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var options = services.GetRequiredService<BunbaseOptions>();
        var environment = services.GetRequiredService<Microsoft.Extensions.Hosting.IHostEnvironment>();
        var context = services.GetRequiredService<ActionContextServices>();
        var loggers = services.GetRequiredService<ILoggerFactory>();
        var migrator = Migrator.ForSeeds(options, environment.ContentRootPath)
            .WithCodeSteps([.. seeds.Select(seed => Step(seed, services, context, loggers))]);
        try
        {
            switch (command)
            {
                case "run":
                    var database = services.GetRequiredService<Database>();
                    if (database.Backend == DatabaseBackend.Sqlite)
                        await DatabaseStartup.PrepareEmbeddedAsync(database, cancellationToken).ConfigureAwait(false);
                    // Seeds run actions, which may publish events, enqueue jobs, send webhooks and mail or publish to
                    // channels: every capability's tables must exist as they do after start-up.
                    foreach (var tables in services.GetServices<RuntimeTables>())
                        await tables.EnsureAsync(cancellationToken).ConfigureAwait(false);
                    await MigrationReport.ApplyAsync(migrator, dryRun: false, "seed", output, cancellationToken).ConfigureAwait(false);
                    return 0;
                case "status":
                    return await MigrationReport.StatusAsync(migrator, output, cancellationToken).ConfigureAwait(false);
                default:
                    await error.WriteLineAsync($"bunbase: {Option} takes run or status, not '{command}'").ConfigureAwait(false);
                    return 2;
            }
        }
        catch (MigrationException ex)
        {
            await error.WriteLineAsync($"bunbase: {ex.Message}").ConfigureAwait(false);
            return 2;
        }
    }

    private static MigrationFile Step(SeedType seed, IServiceProvider services, ActionContextServices context, ILoggerFactory loggers) =>
        new(seed.Version, seed.Name, DescribeType(seed.Type), Sql: "", seed.Checksum, InTransaction: true, Code: async (record, cancellationToken) =>
        {
            var scope = services.CreateAsyncScope();
            await using (scope.ConfigureAwait(false))
            {
                var started = System.Diagnostics.Stopwatch.GetTimestamp();
                var seedContext = new SeedContext(seed, context, scope.ServiceProvider, loggers, cancellationToken);
                var instance = (DataSeed)ActivatorUtilities.CreateInstance(scope.ServiceProvider, seed.Type);
                try
                {
                    await seedContext.Session.TransactionAsync(async db =>
                    {
                        await instance.RunAsync(seedContext, cancellationToken).ConfigureAwait(false);
                        var milliseconds = (int)Math.Min(int.MaxValue, System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                        await db.ExecuteAsync(record.Sql, record.Parameters(milliseconds), cancellationToken).ConfigureAwait(false);
                    }, cancellationToken: cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    throw new MigrationException($"{seed.Name} ({DescribeType(seed.Type)}) failed, nothing of it was applied: {Describe(ex)}", ex);
                }
            }
        });

    private static string DescribeType(Type type) => type.FullName?.Replace('+', '.') ?? type.Name;

    private static string Describe(Exception ex) => ex switch
    {
        ActionException action => $"{action.Code}: {action.Message}",
        InputValidationException validation => "an action's input is not valid: " + string.Join("; ", validation.Errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")),
        _ => $"{ex.GetType().Name}: {ex.Message}",
    };
}
