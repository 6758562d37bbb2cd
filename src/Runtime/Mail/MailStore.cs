using System.Text.Json;
using Bunbase.Runtime.Configuration;
using Bunbase.Runtime.Data;
using Bunbase.Runtime.Foundation;
using Bunbase.Runtime.Observability;
using Bunbase.Runtime.Queue;

namespace Bunbase.Runtime.Mail;

/// <summary>The mail log and the queueing of a message: its log row and its job, written in one transaction.</summary>
internal sealed class MailStore(Database database, IJobStore jobs, MailOptions options, TimeProvider clock)
{
    /// <summary>The runtime job that sends a message (a <c>:</c> no action name has).</summary>
    public const string SendJob = "bunbase:mail";

    public Database Database => database;

    public Task EnsureSchemaAsync(CancellationToken cancellationToken) =>
        RuntimeSchema.EnsureAsync(database, MailSchema.Ddl, MailSchema.Ddl, cancellationToken);

    /// <summary>Writes the log row and the job in <paramref name="transaction"/>; returns the id of both.</summary>
    public async Task<Guid> QueueInAsync(DatabaseTransaction transaction, OutgoingMail mail, CancellationToken cancellationToken)
    {
        var id = Uuid7.New();
        var now = Now();
        await transaction.ExecuteAsync(
            "insert into bunbase_mail (id, recipients, subject, template, status, attempts, queued_at, updated_at) values (@Id, @Recipients, @Subject, @Template, 'queued', 0, @Now, @Now)",
            new { Id = id.ToString(), Recipients = string.Join(", ", mail.To.Concat(mail.Cc).Concat(mail.Bcc)), mail.Subject, mail.Template, Now = now },
            cancellationToken).ConfigureAwait(false);
        await jobs.EnqueueAsync(
            new NewJob(id, "default", SendJob, JsonSerializer.Serialize(mail), 0, null, 0, options.MaxAttempts, JobTraceContext.Capture(), null, 0),
            transaction,
            cancellationToken).ConfigureAwait(false);
        return id;
    }

    /// <summary>Records an attempt: <c>sent</c> (with the Message-Id), <c>queued</c> again (retrying) or <c>failed</c>.</summary>
    public Task RecordAsync(Guid id, string status, int attempts, string? error, string? messageId, CancellationToken cancellationToken) =>
        Db(cancellationToken).ExecuteAsync(
            "update bunbase_mail set status = @Status, attempts = @Attempts, error = @Error, message_id = coalesce(@MessageId, message_id), updated_at = @Now where id = @Id",
            new { Id = id.ToString(), Status = status, Attempts = attempts, Error = error, MessageId = messageId, Now = Now() },
            cancellationToken);

    public Task<MailLogEntry?> FindAsync(Guid id, CancellationToken cancellationToken) =>
        Db(cancellationToken).QuerySingleOrDefaultAsync<MailLogEntry>(Select + " where id = @Id", new { Id = id.ToString() }, cancellationToken);

    /// <summary>The newest entries first, optionally of one status.</summary>
    public Task<IReadOnlyList<MailLogEntry>> ListAsync(string? status, int limit, CancellationToken cancellationToken) =>
        Db(cancellationToken).QueryAsync<MailLogEntry>(
            Select + " where (cast(@Status as text) is null or status = @Status) order by queued_at desc, id desc limit @Limit",
            new { Status = status, Limit = limit },
            cancellationToken);

    /// <summary>Forgets finished entries older than <c>mail.retentionDays</c>.</summary>
    public Task<int> ForgetOldAsync(CancellationToken cancellationToken) =>
        Db(cancellationToken).ExecuteAsync(
            "delete from bunbase_mail where status <> 'queued' and updated_at < @Before",
            new { Before = Now() - (long)options.RetentionDays * 86_400_000 },
            cancellationToken);

    private const string Select = "select id as Id, recipients as Recipients, subject as Subject, template as Template, status as Status, cast(attempts as bigint) as Attempts, error as Error, message_id as MessageId, queued_at as QueuedAt, updated_at as UpdatedAt from bunbase_mail";

    private long Now() => clock.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>Statements on the primary (an operator reads what was just written).</summary>
    private ISqlDatabase Db(CancellationToken cancellationToken) => database.CreateSession(cancellationToken).Primary;
}
