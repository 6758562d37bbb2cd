using System.CommandLine;
using System.Globalization;
using Bunbase.Runtime.Mail;
using Bunbase.Runtime.Queue;

namespace Bunbase.Cli;

/// <summary><c>bunbase mail</c>: the mail log, newest first (<c>--status queued|sent|failed</c>), with each message's attempts and last error.</summary>
internal static class MailCommand
{
    public static Command Create()
    {
        var status = new Option<string?>("--status") { Description = "Only messages in this state", HelpName = "queued|sent|failed" };
        status.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string?>() is { } value && value is not ("queued" or "sent" or "failed"))
                result.AddError($"--status must be one of queued, sent, failed, not '{value}'");
        });
        var limit = CommonOptions.Limit(50);
        var command = new Command("mail", "The mail log: messages ctx.Mail queued, newest first, with their status and last error") { status, limit };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var (options, database) = await MigrateCommand.OpenDatabaseAsync(parse.GetValue(CommonOptions.Config)).ConfigureAwait(false);
            await using var disposeDatabase = database;
            var store = new MailStore(database, JobStoreFactory.Create(database, TimeProvider.System), options.Mail, TimeProvider.System);
            try
            {
                await store.EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
                var entries = await store.ListAsync(parse.GetValue(status), parse.GetValue(limit), cancellationToken).ConfigureAwait(false);
                foreach (var entry in entries)
                {
                    var queued = DateTimeOffset.FromUnixTimeMilliseconds(entry.QueuedAt).ToString("u", CultureInfo.InvariantCulture);
                    Console.WriteLine($"{entry.Id}  {entry.Status}  {entry.Attempts} attempt(s)  queued {queued}  to {entry.Recipients}  \"{entry.Subject}\"{(entry.Error is null ? "" : "  " + entry.Error)}");
                }

                if (entries.Count == 0)
                    Console.WriteLine("no mail");
                return ExitCodes.Success;
            }
            catch (System.Data.Common.DbException ex)
            {
                throw new CliException($"the mail log at {database.Description} cannot be read: {ex.Message}", ExitCodes.Failed);
            }
        });
        return command;
    }
}
