using Bunbase.Runtime.Configuration;
using Bunbase.Runtime.Data.Migrations;
using Bunbase.Runtime.Foundation;

namespace Bunbase.Runtime.Hosting;

/// <summary>
/// <c>--migrate</c>: applies the pending migrations of the database this configuration names and exits, so a
/// deploy's one-shot migration step needs only the published app (a container image without the <c>bunbase</c>
/// tool, a systemd <c>ExecStartPre</c>). The same migrator and the same lines as <c>bunbase migrate</c>.
/// </summary>
internal static class MigrationStep
{
    public const string Option = "--migrate";

    /// <returns>0 when everything is applied, 1 when a migration (or the database) refused; the reason is one line on <paramref name="error"/>.</returns>
    public static async Task<int> RunAsync(BunbaseOptions options, string contentRoot, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        try
        {
            await MigrationReport.ApplyAsync(Migrator.For(options, contentRoot), dryRun: false, "migration", output, cancellationToken).ConfigureAwait(false);
            return 0;
        }
        catch (Exception ex) when (ex is MigrationException or StartupException)
        {
            await error.WriteLineAsync($"bunbase: {ex.Message}").ConfigureAwait(false);
            return 1;
        }
    }
}
