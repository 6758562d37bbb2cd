using System.CommandLine;
using System.Globalization;
using Bunbase.Runtime.Queue;
using Bunbase.Runtime.Webhooks;

namespace Bunbase.Cli;

/// <summary>
/// <c>bunbase webhooks</c>: the outbound endpoints (<c>list</c>, the default), <c>add URL [--event TYPE]...</c>
/// (prints the generated secret), <c>remove ID</c>, <c>enable ID</c>, <c>disable ID</c>,
/// <c>deliveries [--endpoint ID] [--status S]</c> (with <c>--attempts</c>, each attempt) and <c>redeliver ID</c>.
/// Works on the app's database directly, like <c>bunbase jobs</c>.
/// </summary>
internal static class WebhooksCommand
{
    public static Command Create()
    {
        var command = new Command("webhooks", "Outbound webhook endpoints and their deliveries");
        command.SetAction((parse, cancellationToken) => WithStoreAsync(parse, store => ListAsync(store, cancellationToken)));
        var list = new Command("list", "The registered endpoints");
        list.SetAction((parse, cancellationToken) => WithStoreAsync(parse, store => ListAsync(store, cancellationToken)));
        command.Subcommands.Add(list);
        command.Subcommands.Add(Add());
        command.Subcommands.Add(OnEndpoint("remove", "Remove an endpoint (its pending deliveries are skipped)", (store, id, token) => store.RemoveEndpointAsync(id, token), "removed"));
        command.Subcommands.Add(OnEndpoint("enable", "Enable an endpoint again (its failure streak reset)", (store, id, token) => store.SetEnabledAsync(id, true, token), "enabled"));
        command.Subcommands.Add(OnEndpoint("disable", "Disable an endpoint (its deliveries are skipped until it is enabled)", (store, id, token) => store.SetEnabledAsync(id, false, token), "disabled"));
        command.Subcommands.Add(Deliveries());
        command.Subcommands.Add(Redeliver());
        return command;
    }

    private static async Task<int> ListAsync(WebhookStore store, CancellationToken cancellationToken)
    {
        var endpoints = await store.ListEndpointsAsync(cancellationToken).ConfigureAwait(false);
        foreach (var endpoint in endpoints)
        {
            var types = endpoint.EventTypes.Length == 0 ? "every type" : string.Join(' ', endpoint.EventTypes);
            var state = (endpoint.Enabled ? "enabled" : $"disabled ({endpoint.DisabledReason})") + (endpoint.Ordered ? ", ordered" : "");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{endpoint.Id}  {endpoint.Url}  {types}  {state}  failures in a row: {endpoint.FailureStreak}"));
        }

        if (endpoints.Count == 0)
            Console.WriteLine("no endpoints");
        return ExitCodes.Success;
    }

    private static Command Add()
    {
        var url = new Argument<string>("url") { Description = "Where deliveries are posted (http or https)" };
        var events = new Option<string[]>("--event") { Description = "An event type to send (or a prefix ending in *); repeat for several; none: every type", HelpName = "TYPE", AllowMultipleArgumentsPerToken = false };
        var description = new Option<string?>("--description") { Description = "A note for operators", HelpName = "TEXT" };
        var ordered = new Option<bool>("--ordered") { Description = "Send this endpoint's deliveries one at a time, in the order they were sent" };
        var command = new Command("add", "Register an endpoint; prints its id and its generated secret (whsec_...)") { url, events, description, ordered };
        command.SetAction((parse, cancellationToken) => WithStoreAsync(parse, async store =>
        {
            var types = parse.GetValue(events) ?? [];
            if (WebhookEndpointRules.Check(parse.GetValue(url), types, parse.GetValue(description)) is { } problem)
                throw new CliException($"{problem.Field}: {problem.Message}", ExitCodes.Usage);
            var endpoint = await store.AddEndpointAsync(parse.GetValue(url)!, types, parse.GetValue(description), cancellationToken, parse.GetValue(ordered)).ConfigureAwait(false);
            Console.WriteLine($"id      {endpoint.Id}");
            Console.WriteLine($"secret  {endpoint.Secret}");
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command OnEndpoint(string verb, string description, Func<WebhookStore, string, CancellationToken, Task<bool>> act, string done)
    {
        var id = new Argument<string>("id") { Description = "The endpoint's id (ep_...)" };
        var command = new Command(verb, description) { id };
        command.SetAction((parse, cancellationToken) => WithStoreAsync(parse, async store =>
        {
            if (!await act(store, parse.GetValue(id)!, cancellationToken).ConfigureAwait(false))
            {
                Console.Error.WriteLine($"bunbase: no endpoint {parse.GetValue(id)}");
                return ExitCodes.Failed;
            }

            Console.WriteLine($"{done} {parse.GetValue(id)}");
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Deliveries()
    {
        var endpoint = new Option<string?>("--endpoint") { Description = "Only this endpoint's deliveries", HelpName = "ID" };
        var status = new Option<string?>("--status") { Description = "Only deliveries in this state: pending, delivered, failed or skipped", HelpName = "STATUS" };
        CommonOptions.OneOf(status, "pending", "delivered", "failed", "skipped");
        var attempts = new Option<bool>("--attempts") { Description = "Also print each delivery's attempts (status code, duration, error)" };
        var limit = CommonOptions.Limit(50);
        var command = new Command("deliveries", "The delivery log, newest first") { endpoint, status, attempts, limit };
        command.SetAction((parse, cancellationToken) => WithStoreAsync(parse, async store =>
        {
            var deliveries = await store.ListDeliveriesAsync(parse.GetValue(endpoint), parse.GetValue(status), parse.GetValue(limit), cancellationToken).ConfigureAwait(false);
            foreach (var delivery in deliveries)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{delivery.Id}  {delivery.Type}  to {delivery.EndpointId}  {delivery.Status}  {delivery.Attempts} attempt(s)  last {delivery.ResponseCode?.ToString(CultureInfo.InvariantCulture) ?? "-"}  {delivery.UpdatedAt:u}  {delivery.Error}"));
                if (!parse.GetValue(attempts))
                    continue;
                foreach (var attempt in await store.ListAttemptsAsync(delivery.Id, cancellationToken).ConfigureAwait(false))
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  #{attempt.Attempt}  {(attempt.Succeeded ? "ok" : "failed")}  {attempt.ResponseCode?.ToString(CultureInfo.InvariantCulture) ?? "-"}  {attempt.DurationMs:0} ms  {attempt.AttemptedAt:u}  {attempt.Error}"));
            }

            if (deliveries.Count == 0)
                Console.WriteLine("no deliveries");
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Redeliver()
    {
        var id = new Argument<string>("id") { Description = "The delivery's id (dl_...)" };
        var command = new Command("redeliver", "Send a finished delivery again (its attempts keep counting)") { id };
        command.SetAction((parse, cancellationToken) => WithStoreAsync(parse, async store =>
        {
            if (!await store.RedeliverAsync(parse.GetValue(id)!, cancellationToken).ConfigureAwait(false))
            {
                Console.Error.WriteLine($"bunbase: no finished delivery {parse.GetValue(id)} (none by that id, or it is still pending)");
                return ExitCodes.Failed;
            }

            Console.WriteLine($"redelivering {parse.GetValue(id)}");
            return ExitCodes.Success;
        }));
        return command;
    }

    private static async Task<int> WithStoreAsync(ParseResult parse, Func<WebhookStore, Task<int>> work)
    {
        var (options, database) = await MigrateCommand.OpenDatabaseAsync(parse.GetValue(CommonOptions.Config)).ConfigureAwait(false);
        await using var disposeDatabase = database;
        var jobs = JobStoreFactory.Create(database, TimeProvider.System);
        var store = new WebhookStore(database, jobs, options.Webhooks, TimeProvider.System);
        try
        {
            await jobs.EnsureSchemaAsync(CancellationToken.None).ConfigureAwait(false);
            await store.EnsureSchemaAsync(CancellationToken.None).ConfigureAwait(false);
            return await work(store).ConfigureAwait(false);
        }
        catch (System.Data.Common.DbException ex)
        {
            throw new CliException($"the webhook tables at {database.Description} cannot be used: {ex.Message}", ExitCodes.Failed);
        }
    }
}
