using System.Globalization;
using Bunbase.Runtime.Queue;

namespace Bunbase.Cli;

/// <summary>
/// <c>bunbase jobs</c>: how many jobs wait in each queue and how many are dead;
/// <c>jobs dead</c> lists dead jobs with their last error; <c>jobs retry</c> and <c>jobs purge</c>
/// act on one dead job (by id), one action's (<c>--action</c>) or all of them (<c>--all</c>).
/// </summary>
internal static class JobsCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var verb = args.Length > 0 && !args[0].StartsWith('-') ? args[0] : "summary";
        var rest = new List<string>(verb == "summary" ? args : args[1..]);
        Guid? id = null;
        if (verb is "retry" or "purge" && rest.Count > 0 && Guid.TryParse(rest[0], out var parsed))
        {
            id = parsed;
            rest.RemoveAt(0);
        }

        var action = CommandLine.TakeOption(rest, "--action");
        var limit = int.Parse(CommandLine.TakeOption(rest, "--limit") ?? "50", CultureInfo.InvariantCulture);
        var all = rest.Remove("--all");
        var (_, database) = await MigrateCommand.OpenDatabaseAsync([.. rest]).ConfigureAwait(false);
        await using var disposeDatabase = database;
        IJobStore store = database.Backend == DatabaseBackend.PostgreSql ? new PostgresJobStore(database) : new SqliteJobStore(database, TimeProvider.System);
        try
        {
            await store.EnsureSchemaAsync(CancellationToken.None).ConfigureAwait(false);
            switch (verb)
            {
                case "summary":
                    foreach (var depth in (await store.DepthAsync(CancellationToken.None).ConfigureAwait(false)).OrderBy(d => d.Queue, StringComparer.Ordinal).ThenByDescending(d => d.Priority))
                        Console.WriteLine($"queue {depth.Queue} priority {depth.Priority}: {depth.Pending} waiting");
                    Console.WriteLine($"dead: {(await store.ListDeadAsync(null, 10_000, CancellationToken.None).ConfigureAwait(false)).Count}");
                    return 0;
                case "dead":
                    var dead = await store.ListDeadAsync(action, limit, CancellationToken.None).ConfigureAwait(false);
                    foreach (var job in dead)
                        Console.WriteLine($"{job.Id}  {job.Action}  {job.Attempts} attempt(s)  died {job.DiedAt.ToString("u", CultureInfo.InvariantCulture)}  {job.LastError}");
                    if (dead.Count == 0)
                        Console.WriteLine("no dead jobs");
                    return 0;
                case "retry" or "purge":
                    if (id is null && action is null && !all)
                        throw new CliException($"bunbase jobs {verb} needs a job id, --action NAME or --all");
                    var count = verb == "retry"
                        ? await store.RetryDeadAsync(id, action, CancellationToken.None).ConfigureAwait(false)
                        : await store.PurgeDeadAsync(id, action, CancellationToken.None).ConfigureAwait(false);
                    Console.WriteLine($"{(verb == "retry" ? "retried" : "purged")} {count} dead job(s)");
                    return id is not null && count == 0 ? 1 : 0;
                default:
                    throw new CliException($"unknown jobs command '{verb}' (use: bunbase jobs, jobs dead, jobs retry ID|--action NAME|--all, jobs purge ...)");
            }
        }
        catch (System.Data.Common.DbException ex)
        {
            throw new CliException($"the job store at {database.Description} cannot be used: {ex.Message}");
        }
    }
}
