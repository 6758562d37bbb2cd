using System.CommandLine;
using System.Text.Json;

namespace Bunbase.Cli;

/// <summary><c>bunbase routes</c>: the app's actions as a table (method, path, action, triggers, guards, rate limit), HTTP routes first.</summary>
internal static class RoutesCommand
{
    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "Print the JSON the app wrote instead of a table" };
        var command = new Command("routes", "Build the app and list its actions: method, path, action, triggers (http, tool, cron, event, webhook; job when nothing else starts it), guards, rate limit") { json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var app = AppProject.Find(parse.GetValue(CommonOptions.Config));
            var file = Path.Combine(Path.GetTempPath(), $"bunbase-routes-{Guid.NewGuid():N}.json");
            try
            {
                var exitCode = await AppRunner.RunAsync(app, RunMode.Development, "--write-routes", file).ConfigureAwait(false);
                if (exitCode != 0)
                    return exitCode;
                var text = await File.ReadAllTextAsync(file, cancellationToken).ConfigureAwait(false);
                if (parse.GetValue(json))
                    Console.WriteLine(text);
                else
                    Print(JsonSerializer.Deserialize<List<Route>>(text, Web) ?? []);
                return ExitCodes.Success;
            }
            finally
            {
                File.Delete(file);
            }
        });
        return command;
    }

    private static void Print(List<Route> routes)
    {
        string[] header = ["METHOD", "PATH", "ACTION", "TRIGGERS", "GUARDS", "LIMIT"];
        var rows = routes.Select(r => new[]
        {
            r.Method ?? "-", r.Path ?? "-", r.Action, r.Triggers is { Count: > 0 } triggers ? string.Join(", ", triggers) : "-",
            r.Guards.Count == 0 ? "-" : string.Join(", ", r.Guards), r.Limit ?? "-",
        }).ToList();
        var widths = header.Select((h, i) => Math.Max(h.Length, rows.Count == 0 ? 0 : rows.Max(r => r[i].Length))).ToArray();
        foreach (var row in rows.Prepend(header))
            Console.WriteLine(string.Join("  ", row.Select((cell, i) => i == row.Length - 1 ? cell : cell.PadRight(widths[i]))).TrimEnd());
        if (rows.Count == 0)
            Console.WriteLine("no actions");
    }

    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    private sealed record Route(string? Method, string? Path, string Action, IReadOnlyList<string> Guards, string? Limit, IReadOnlyList<string>? Triggers);
}
