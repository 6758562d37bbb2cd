using System.CommandLine;
using System.Globalization;
using Bunbase.Runtime.Events;
using Bunbase.Runtime.Subscriptions;

namespace Bunbase.Cli;

/// <content>
/// The subscribers' part of <c>bunbase events</c>: <c>events subscriptions</c> (each subscription's
/// partitions, holders, positions and lag), <c>events dead</c> (events parked after their last attempt,
/// with the error), <c>events retry ID</c> (handle a dead letter again) and <c>events skip ID</c> (drop it).
/// </content>
internal static partial class EventsCommand
{
    static partial void AddSubscriptionCommands(Command events)
    {
        events.Subcommands.Add(Subscriptions());
        events.Subcommands.Add(DeadLetters());
        events.Subcommands.Add(ActOnDeadLetter("retry", "Handle a dead letter again (the instance holding its partition does, attempts from 1)", (store, id, token) => store.RetryDeadAsync(id, token), "retrying"));
        events.Subcommands.Add(ActOnDeadLetter("skip", "Drop a dead letter without handling it", (store, id, token) => store.SkipDeadAsync(id, token), "skipped"));
    }

    private static Command Subscriptions()
    {
        var command = new Command("subscriptions", "Each subscription: its partitions, which instance holds each, positions and lag (head - position)");
        command.SetAction((parse, cancellationToken) => WithSubscriptionsAsync(parse, async store =>
        {
            var partitions = await store.PartitionsAsync(cancellationToken).ConfigureAwait(false);
            foreach (var subscription in partitions.GroupBy(p => p.Subscription, StringComparer.Ordinal))
            {
                var held = subscription.Count(p => p.Owner is not null);
                Console.WriteLine($"{subscription.Key}: {subscription.Count()} partition(s), {held} held, lag {subscription.Sum(p => p.Lag)} (head {subscription.First().Head})");
                foreach (var partition in subscription)
                    Console.WriteLine($"  {partition.Partition,4}  position {partition.Position}  lag {partition.Lag}  {partition.Owner ?? "(free)"}");
            }

            if (partitions.Count == 0)
                Console.WriteLine("no subscriptions have run yet");
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command DeadLetters()
    {
        var subscription = new Option<string?>("--subscription") { Description = "Only this subscription's dead letters", HelpName = "NAME" };
        var limit = CommonOptions.Limit(50);
        var command = new Command("dead", "Events parked after their last attempt, with the error, newest first") { subscription, limit };
        command.SetAction((parse, cancellationToken) => WithSubscriptionsAsync(parse, async store =>
        {
            var dead = await store.ListDeadAsync(parse.GetValue(subscription), parse.GetValue(limit), cancellationToken).ConfigureAwait(false);
            foreach (var letter in dead)
            {
                Console.WriteLine(
                    $"{letter.Id}  {letter.Subscription}  {letter.Stream}  {letter.Type}  event {letter.EventId}  {letter.Attempts} attempt(s)  {letter.Status}  {letter.DiedAt.ToString("u", CultureInfo.InvariantCulture)}  {letter.Error}");
            }

            if (dead.Count == 0)
                Console.WriteLine("no dead letters");
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command ActOnDeadLetter(string verb, string description, Func<SubscriptionStore, Guid, CancellationToken, Task<bool>> act, string done)
    {
        var id = new Argument<Guid?>("id") { Description = "The dead letter's id (bunbase events dead)" };
        id.CustomParser = result =>
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
            if (Guid.TryParse(text, CultureInfo.InvariantCulture, out var parsed))
                return parsed;
            result.AddError($"'{text}' is not a dead letter id (a GUID such as {Guid.Empty}, from bunbase events dead)");
            return null;
        };
        var command = new Command(verb, description) { id };
        command.SetAction((parse, cancellationToken) => WithSubscriptionsAsync(parse, async store =>
        {
            var letter = parse.GetValue(id)!.Value;
            if (!await act(store, letter, cancellationToken).ConfigureAwait(false))
            {
                Console.Error.WriteLine($"no dead letter {letter}{(verb == "retry" ? " waiting to be retried" : "")}");
                return ExitCodes.Failed;
            }

            Console.WriteLine($"{done} {letter}");
            return ExitCodes.Success;
        }));
        return command;
    }

    private static async Task<int> WithSubscriptionsAsync(ParseResult parse, Func<SubscriptionStore, Task<int>> work)
    {
        var (_, database) = await MigrateCommand.OpenDatabaseAsync(parse.GetValue(CommonOptions.Config)).ConfigureAwait(false);
        await using var disposeDatabase = database;
        var store = new SubscriptionStore(database, TimeProvider.System);
        try
        {
            // Subscriptions read the store's events (lag is measured from its head): both sets of tables are needed.
            await EventStoreFactory.Create(database, TimeProvider.System).EnsureSchemaAsync(CancellationToken.None).ConfigureAwait(false);
            await store.EnsureSchemaAsync(CancellationToken.None).ConfigureAwait(false);
            return await work(store).ConfigureAwait(false);
        }
        catch (System.Data.Common.DbException ex)
        {
            throw new CliException($"the subscriptions at {database.Description} cannot be used: {ex.Message}", ExitCodes.Failed);
        }
    }
}
