using System.Globalization;
using System.Text.Json;
using Bunbase.Runtime.ActionLog;

namespace Bunbase.Cli;

/// <summary>
/// <c>bunbase runs</c>: the newest action runs from the run log, filtered by action, status or
/// trace id; one line each, or JSON lines with <c>--json</c> (input and output included).
/// </summary>
internal static class RunsCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var rest = new List<string>(args);
        var action = CommandLine.TakeOption(rest, "--action");
        var status = CommandLine.TakeOption(rest, "--status");
        var trace = CommandLine.TakeOption(rest, "--trace");
        var limitText = CommandLine.TakeOption(rest, "--limit") ?? "50";
        var asJson = rest.Remove("--json");
        if (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out var limit) || limit is < 1 or > 10_000)
            throw new CliException($"--limit must be a number from 1 to 10000, not '{limitText}'");
        if (status is not null && !RunFilter.Statuses.Contains(status))
            throw new CliException($"--status must be one of {string.Join(", ", RunFilter.Statuses)}, not '{status}'");

        var (_, database) = await MigrateCommand.OpenDatabaseAsync([.. rest]).ConfigureAwait(false);
        await using var disposeDatabase = database;
        IReadOnlyList<StoredRun> runs;
        try
        {
            // Reading needs no store (the flusher's writer pool): the table, created if missing, on the database itself.
            await ActionRunSchema.EnsureAsync(database, CancellationToken.None).ConfigureAwait(false);
            runs = await ActionRunSchema.ListAsync(database, new RunFilter(action, status, trace, limit), CancellationToken.None).ConfigureAwait(false);
        }
        catch (System.Data.Common.DbException ex)
        {
            throw new CliException($"the run log at {database.Description} cannot be read: {ex.Message}");
        }

        foreach (var run in runs)
        {
            Console.WriteLine(asJson
                ? JsonSerializer.Serialize(RunView.Of(run), JsonOptions)
                : string.Create(CultureInfo.InvariantCulture, $"{run.StartedAt:yyyy-MM-dd HH:mm:ss.fff}  {run.Action}  {run.Trigger}  {run.Status}{(run.HttpStatus is { } http ? $" {http}" : "")}  {run.DurationMs:0.0} ms  trace {run.TraceId}{(run.Attempt > 1 ? $"  attempt {run.Attempt}" : "")}{(run.ErrorType is null ? "" : $"  {run.ErrorType}: {run.ErrorMessage}")}"));
        }

        if (runs.Count == 0 && !asJson)
            Console.WriteLine("no runs recorded");
        return 0;
    }

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web) { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
