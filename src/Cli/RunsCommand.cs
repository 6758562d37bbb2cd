using System.CommandLine;
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
    public static Command Create()
    {
        var action = new Option<string?>("--action") { Description = "Only this action's runs", HelpName = "NAME" };
        var status = new Option<string?>("--status") { Description = "Only runs with this outcome", HelpName = "STATUS" };
        status.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string?>() is { } value && !RunFilter.Statuses.Contains(value))
                result.AddError($"--status must be one of {string.Join(", ", RunFilter.Statuses)}, not '{value}'");
        });
        var trace = new Option<string?>("--trace") { Description = "Only the runs of this trace", HelpName = "TRACE_ID" };
        var limit = CommonOptions.Limit(50);
        var json = new Option<bool>("--json") { Description = "One JSON object a line, with input and output" };
        var command = new Command("runs", "Recent action runs from the run log, newest first") { action, status, trace, limit, json };
        command.SetAction((parse, cancellationToken) => RunAsync(parse.GetValue(CommonOptions.Config), parse.GetValue(action), parse.GetValue(status), parse.GetValue(trace), parse.GetValue(limit), parse.GetValue(json)));
        return command;
    }

    private static async Task<int> RunAsync(string? config, string? action, string? status, string? trace, int limit, bool asJson)
    {
        var (_, database) = await MigrateCommand.OpenDatabaseAsync(config).ConfigureAwait(false);
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
            throw new CliException($"the run log at {database.Description} cannot be read: {ex.Message}", ExitCodes.Failed);
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
