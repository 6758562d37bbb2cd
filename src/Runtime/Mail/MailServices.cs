using System.Text.Json;
using Bunbase.Runtime.Configuration;
using Bunbase.Runtime.Data;
using Bunbase.Runtime.Foundation;
using Bunbase.Runtime.Pipeline;
using Bunbase.Runtime.Queue;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bunbase.Runtime.Mail;

/// <summary>Registers mail: <c>ctx.Mail</c>, the templates (read now), the transport, the send job and the mail log.</summary>
internal static class MailServices
{
    /// <param name="services">The host's services; the database, the queue and a <see cref="TimeProvider"/> are registered by the host.</param>
    /// <param name="options">The configuration (<c>mail.*</c>), checked now.</param>
    /// <param name="contentRoot">The configuration's folder, which relative paths start from.</param>
    /// <param name="json">How template data is read: the options of response bodies.</param>
    /// <param name="development">Whether the app runs in Development, where mail without SMTP goes to files (elsewhere to the log).</param>
    /// <param name="builtInTemplates">Template files the runtime ships (the accounts module's), by file name; the app's folder overrides them by name.</param>
    public static IServiceCollection AddMail(this IServiceCollection services, BunbaseOptions options, string contentRoot, JsonSerializerOptions json, bool development, IReadOnlyDictionary<string, string>? builtInTemplates = null)
    {
        var mail = options.Mail;
        var transport = Validate(mail, development);
        var templates = MailTemplates.Load(Path.GetFullPath(Path.Combine(contentRoot, mail.TemplatesPath)), builtInTemplates);
        services.AddSingleton(mail);
        services.AddSingleton(templates);
        services.AddSingleton(new MailComposer(mail, templates, json));
        services.AddSingleton(sp => new MailStore(sp.GetRequiredService<Database>(), sp.GetRequiredService<IJobStore>(), mail, sp.GetRequiredService<TimeProvider>()));
        services.AddRuntimeTables(sp => sp.GetRequiredService<MailStore>().EnsureSchemaAsync);
        services.AddSingleton<IMailOutbox, MailOutbox>();
        services.AddSingleton<IMailTransport>(sp => transport switch
        {
            "smtp" => new SmtpMailTransport(mail.Smtp),
            "file" => new FileMailTransport(Path.GetFullPath(Path.Combine(contentRoot, mail.FilePath)), sp.GetRequiredService<TimeProvider>()),
            _ => new LogMailTransport(sp.GetRequiredService<ILoggerFactory>().CreateLogger("Bunbase.Mail")),
        });
        services.AddSingleton<IRuntimeJob, MailDeliveryJob>();
        services.AddHostedService<MailStartup>();
        return services;
    }

    /// <summary>The transport <c>mail.*</c> names; an impossible combination stops start-up with what to set.</summary>
    internal static string Validate(MailOptions mail, bool development)
    {
        // An empty environment variable (a compose file's ${SMTP_HOST:-}) means unset.
        mail.From = NullIfBlank(mail.From);
        mail.Transport = NullIfBlank(mail.Transport);
        mail.Smtp.Host = NullIfBlank(mail.Smtp.Host);
        mail.Smtp.Username = NullIfBlank(mail.Smtp.Username);
        var transport = mail.Transport ?? (mail.Smtp.Host is { Length: > 0 } ? "smtp" : development ? "file" : "log");
        if (transport is not ("smtp" or "file" or "log"))
            throw new StartupException($"mail.transport '{mail.Transport}' is not one of smtp, file, log");
        if (!SmtpMailTransport.SecurityValues.Contains(mail.Smtp.Security))
            throw new StartupException($"mail.smtp.security '{mail.Smtp.Security}' is not one of {string.Join(", ", SmtpMailTransport.SecurityValues)}");
        if (transport == "smtp" && string.IsNullOrWhiteSpace(mail.Smtp.Host))
            throw new StartupException("mail.transport is smtp but mail.smtp.host is not set");
        if (transport == "smtp" && string.IsNullOrWhiteSpace(mail.From))
            throw new StartupException("mail.from is required with SMTP: the sender of messages that name none (\"App <noreply@example.com>\")");
        if (mail.From is not null && !IsMailAddress(mail.From))
            throw new StartupException($"mail.from '{mail.From}' is not a mail address");
        return transport;
    }

    // Not inlined, so that an app that names no sender does not load MimeKit to start.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static bool IsMailAddress(string value) => MimeKit.MailboxAddress.TryParse(value, out _);

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
