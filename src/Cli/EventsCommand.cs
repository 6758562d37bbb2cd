using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Bunbase.Runtime.Events;

namespace Bunbase.Cli;

/// <summary>
/// <c>bunbase events</c>: how many streams there are and the highest position; <c>events streams</c>
/// lists streams (version, category, last write); <c>events read STREAM</c> or
/// <c>events read --category C</c> prints events from a version or position. Subscriptions' commands
/// are added by <see cref="AddSubscriptionCommands"/> (in their own file).
/// </summary>
internal static partial class EventsCommand
{
    public static Command Create()
    {
        var command = new Command("events", "Event streams: how many, and the highest position");
        command.SetAction((parse, cancellationToken) => WithStoreAsync(parse, async store =>
        {
            var streams = await store.ListStreamsAsync(null, 10_000, cancellationToken).ConfigureAwait(false);
            var newest = streams.Count == 0 ? null : await store.ReadLastAsync(streams[0].Stream, cancellationToken).ConfigureAwait(false);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"streams: {(streams.Count == 10_000 ? "10000+" : streams.Count.ToString(CultureInfo.InvariantCulture))}"));
            Console.WriteLine(newest is null ? "no events" : string.Create(CultureInfo.InvariantCulture, $"last write: {newest.Stream} version {newest.Version} at {newest.CreatedAt:u}"));
            return ExitCodes.Success;
        }));
        command.Subcommands.Add(Streams());
        command.Subcommands.Add(Read());
        AddSubscriptionCommands(command);
        return command;
    }

    /// <summary>Where the subscriptions' subcommands (subscriptions, dead letters, retry, skip) join <c>bunbase events</c>.</summary>
    static partial void AddSubscriptionCommands(Command events);

    private static Command Streams()
    {
        var category = new Option<string?>("--category") { Description = "Only this category's streams", HelpName = "CATEGORY" };
        var limit = CommonOptions.Limit(50);
        var command = new Command("streams", "Streams with their version, category and last write, most recent first") { category, limit };
        command.SetAction((parse, cancellationToken) => WithStoreAsync(parse, async store =>
        {
            var streams = await store.ListStreamsAsync(parse.GetValue(category), parse.GetValue(limit), cancellationToken).ConfigureAwait(false);
            foreach (var stream in streams)
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{stream.Stream}  version {stream.Version}  category {stream.Category}  last {stream.UpdatedAt:u}"));
            if (streams.Count == 0)
                Console.WriteLine("no streams");
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Read()
    {
        var stream = new Argument<string?>("stream") { Description = "The stream to read", Arity = ArgumentArity.ZeroOrOne };
        var category = new Option<string?>("--category") { Description = "Read this category (in position order) instead of a stream", HelpName = "CATEGORY" };
        var from = NumericOptions.Whole(
            new Option<long?>("--from") { Description = "The first version (stream) or position (category) to print (default: the start)", HelpName = "N" },
            min: 0);
        var limit = CommonOptions.Limit(100);
        var json = new Option<bool>("--json") { Description = "One JSON object a line, with data and metadata" };
        var command = new Command("read", "Events of a stream (from a version) or a category (from a position)") { stream, category, from, limit, json };
        command.Validators.Add(result =>
        {
            if ((result.GetValue(stream) is null) == (result.GetValue(category) is null))
                result.AddError("events read needs exactly one of: a stream, --category CATEGORY");
            // A name no event can have is a mistake to say, not "no events".
            else if (result.GetValue(stream) is { } name && EventNames.StreamProblem(name) is { } streamProblem)
                result.AddError(streamProblem);
            else if (result.GetValue(category) is { } categoryName && EventNames.CategoryProblem(categoryName) is { } categoryProblem)
                result.AddError(categoryProblem);
        });
        command.SetAction((parse, cancellationToken) => WithStoreAsync(parse, async store =>
        {
            var name = parse.GetValue(stream);
            var start = parse.GetValue(from) ?? 0;
            var events = name is not null
                ? await store.ReadStreamAsync(name, start, parse.GetValue(limit), cancellationToken).ConfigureAwait(false)
                : await store.ReadCategoryAsync(parse.GetValue(category), Math.Max(0, start - 1), parse.GetValue(limit), cancellationToken).ConfigureAwait(false);
            foreach (var e in events)
            {
                Console.WriteLine(parse.GetValue(json)
                    ? JsonSerializer.Serialize(new Line(e.GlobalPosition, e.Id, e.Stream, e.Version, e.Type, Parse(e.Data), Parse(e.Metadata), e.CreatedAt), JsonOptions)
                    : string.Create(CultureInfo.InvariantCulture, $"{(e.GlobalPosition is { } p ? p.ToString(CultureInfo.InvariantCulture) : "-")}  {e.Stream}@{e.Version}  {e.Type}  {e.CreatedAt:u}  {e.Data}"));
            }

            if (events.Count == 0 && !parse.GetValue(json))
                Console.WriteLine("no events");
            return ExitCodes.Success;
        }));
        return command;
    }

    private static JsonElement Parse(string json) => JsonSerializer.Deserialize<JsonElement>(json);

    private static async Task<int> WithStoreAsync(ParseResult parse, Func<IEventStore, Task<int>> work)
    {
        var (_, database) = await MigrateCommand.OpenDatabaseAsync(parse.GetValue(CommonOptions.Config)).ConfigureAwait(false);
        await using var disposeDatabase = database;
        var store = EventStoreFactory.Create(database, TimeProvider.System);
        try
        {
            await store.EnsureSchemaAsync(CancellationToken.None).ConfigureAwait(false);
            return await work(store).ConfigureAwait(false);
        }
        catch (System.Data.Common.DbException ex)
        {
            throw new CliException($"the event store at {database.Description} cannot be used: {ex.Message}", ExitCodes.Failed);
        }
    }

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web) { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private sealed record Line(long? Position, Guid Id, string Stream, long Version, string Type, JsonElement Data, JsonElement Metadata, DateTimeOffset CreatedAt);
}
