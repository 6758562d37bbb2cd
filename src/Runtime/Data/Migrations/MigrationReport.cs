using System.Globalization;

namespace Bunbase.Runtime.Data.Migrations;

/// <summary>
/// What <c>migrate</c> and <c>seed</c> print: the same lines whether the tool applies SQL files itself or
/// the app applies its seeds (C# seeds need the app's assembly).
/// </summary>
internal static class MigrationReport
{
    /// <summary>Applies what is pending (or, with <paramref name="dryRun"/>, lists it), a line per step.</summary>
    public static async Task ApplyAsync(Migrator migrator, bool dryRun, string what, TextWriter output, CancellationToken cancellationToken)
    {
        var applied = await migrator.ApplyAsync(dryRun, line => output.WriteLine($"bunbase: {line}"), cancellationToken).ConfigureAwait(false);
        if (applied.Count == 0)
            output.WriteLine($"bunbase: {what}s are up to date ({migrator.Backend})");
        else if (dryRun)
            output.WriteLine($"bunbase: {applied.Count} {what}(s) pending; nothing was applied (--dry-run)");
    }

    /// <summary>Prints every step with its status; 1 when one was edited after it was applied or is missing, else 0.</summary>
    public static async Task<int> StatusAsync(Migrator migrator, TextWriter output, CancellationToken cancellationToken)
    {
        var states = await migrator.StatusAsync(cancellationToken).ConfigureAwait(false);
        if (states.Count == 0)
            output.WriteLine($"nothing in {migrator.Directory}");
        var width = states.Count == 0 ? 0 : states.Max(s => s.Name.Length);
        foreach (var state in states)
        {
            var when = state.AppliedAt is { } at ? at.ToString("u", CultureInfo.InvariantCulture) : "";
            var status = state.Status switch
            {
                MigrationStatus.Applied => $"applied {when}",
                MigrationStatus.Pending => "pending",
                MigrationStatus.Edited => $"EDITED after it was applied {when}",
                _ => $"MISSING from the folder (applied {when})",
            };
            output.WriteLine($"{state.Name.PadRight(width)}  {status}");
        }

        // Non-zero when something needs attention, so scripts can gate a deploy on it.
        return states.Any(s => s.Status is MigrationStatus.Edited or MigrationStatus.Missing) ? 1 : 0;
    }
}
