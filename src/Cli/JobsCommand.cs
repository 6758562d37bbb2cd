using System.CommandLine;
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
    public static Command Create()
    {
        var command = new Command("jobs", "Queue depth per queue and priority, and how many jobs are dead");
        command.SetAction((parse, cancellationToken) => WithStoreAsync(parse, async store =>
        {
            foreach (var depth in (await store.DepthAsync(cancellationToken).ConfigureAwait(false)).OrderBy(d => d.Queue, StringComparer.Ordinal).ThenByDescending(d => d.Priority))
                Console.WriteLine($"queue {depth.Queue} priority {depth.Priority}: {depth.Pending} waiting");
            Console.WriteLine($"dead: {(await store.ListDeadAsync(null, 10_000, cancellationToken).ConfigureAwait(false)).Count}");
            return ExitCodes.Success;
        }));

        var action = new Option<string?>("--action") { Description = "Only this action's dead jobs", HelpName = "NAME" };
        var limit = CommonOptions.Limit(50);
        var dead = new Command("dead", "Dead jobs with their last error, newest first") { action, limit };
        dead.SetAction((parse, cancellationToken) => WithStoreAsync(parse, async store =>
        {
            var jobs = await store.ListDeadAsync(parse.GetValue(action), parse.GetValue(limit), cancellationToken).ConfigureAwait(false);
            foreach (var job in jobs)
                Console.WriteLine($"{job.Id}  {job.Action}  {job.Attempts} attempt(s)  died {job.DiedAt.ToString("u", CultureInfo.InvariantCulture)}  {job.LastError}");
            if (jobs.Count == 0)
                Console.WriteLine("no dead jobs");
            return ExitCodes.Success;
        }));

        command.Subcommands.Add(dead);
        command.Subcommands.Add(Act("retry", "Run dead jobs again, attempts reset: one (by id), one action's (--action) or all (--all)", (store, id, name, token) => store.RetryDeadAsync(id, name, token), "retried"));
        command.Subcommands.Add(Act("purge", "Delete dead jobs: one (by id), one action's (--action) or all (--all)", (store, id, name, token) => store.PurgeDeadAsync(id, name, token), "purged"));
        return command;
    }

    private static Command Act(string verb, string description, Func<IJobStore, Guid?, string?, CancellationToken, Task<int>> act, string done)
    {
        var id = NumericOptions.JobId(new Argument<Guid?>("id") { Description = "The dead job's id", Arity = ArgumentArity.ZeroOrOne });
        var action = new Option<string?>("--action") { Description = "Every dead job of this action", HelpName = "NAME" };
        var all = new Option<bool>("--all") { Description = "Every dead job" };
        var command = new Command(verb, description) { id, action, all };
        command.Validators.Add(result =>
        {
            // The id's tokens, not its value: a malformed id has its own error, and reading its value would throw.
            var chosen = (result.GetResult(id) is { Tokens.Count: > 0 } ? 1 : 0) + (result.GetValue(action) is null ? 0 : 1) + (result.GetValue(all) ? 1 : 0);
            if (chosen != 1)
                result.AddError($"jobs {verb} needs exactly one of: a job id, --action NAME, --all");
        });
        command.SetAction((parse, cancellationToken) => WithStoreAsync(parse, async store =>
        {
            var jobId = parse.GetValue(id);
            var count = await act(store, jobId, parse.GetValue(action), cancellationToken).ConfigureAwait(false);
            Console.WriteLine($"{done} {count} dead job(s)");
            return jobId is not null && count == 0 ? ExitCodes.Failed : ExitCodes.Success;
        }));
        return command;
    }

    private static async Task<int> WithStoreAsync(ParseResult parse, Func<IJobStore, Task<int>> work)
    {
        var (_, database) = await MigrateCommand.OpenDatabaseAsync(parse.GetValue(CommonOptions.Config)).ConfigureAwait(false);
        await using var disposeDatabase = database;
        var store = JobStoreFactory.Create(database, TimeProvider.System);
        try
        {
            await store.EnsureSchemaAsync(CancellationToken.None).ConfigureAwait(false);
            return await work(store).ConfigureAwait(false);
        }
        catch (System.Data.Common.DbException ex)
        {
            throw new CliException($"the job store at {database.Description} cannot be used: {ex.Message}", ExitCodes.Failed);
        }
    }
}
