namespace Bunbase.Runtime.Mail;

/// <summary>
/// The mail log, the same SQL on both engines: one row per queued message (its id is its job's), what it
/// is (recipients, subject, template) and how its delivery went. Times are milliseconds since the Unix epoch.
/// </summary>
internal static class MailSchema
{
    public const string Ddl = """
        create table if not exists bunbase_mail (
            id text primary key,
            recipients text not null,
            subject text not null,
            template text,
            status text not null,
            attempts integer not null,
            error text,
            message_id text,
            queued_at bigint not null,
            updated_at bigint not null);
        create index if not exists bunbase_mail_queued on bunbase_mail (queued_at);
        """;
}
