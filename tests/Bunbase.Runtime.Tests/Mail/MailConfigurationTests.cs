extern alias MailApp;

using Bunbase.Runtime.Foundation;
using Bunbase.Runtime.Tests.Infrastructure;

namespace Bunbase.Runtime.Tests.Mail;

/// <summary>What <c>mail.*</c> refuses at start, with a line saying what to set.</summary>
public sealed class MailConfigurationTests
{
    [Theory]
    [InlineData(""" "mail": { "smtp": { "host": "127.0.0.1" } } """, "mail.from is required with SMTP")]
    [InlineData(""" "mail": { "transport": "carrier-pigeon" } """, "mail.transport 'carrier-pigeon' is not one of smtp, file, log")]
    [InlineData(""" "mail": { "transport": "smtp", "from": "a@example.com" } """, "mail.smtp.host is not set")]
    [InlineData(""" "mail": { "from": "not an address" } """, "mail.from 'not an address' is not a mail address")]
    [InlineData(""" "mail": { "smtp": { "security": "maybe" } } """, "mail.smtp.security 'maybe' is not one of auto, starttls, tls, none")]
    public async Task An_impossible_mail_configuration_stops_start_up(string config, string message)
    {
        var error = await Assert.ThrowsAsync<StartupException>(() => AppServer.StartAsync(typeof(MailApp::Program).Assembly, extraConfig: config));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Blank_values_from_an_environment_mean_unset()
    {
        // A compose file's ${SMTP_HOST:-} gives an empty string: the app starts, mail going to the log.
        await using var app = await AppServer.StartAsync(
            typeof(MailApp::Program).Assembly,
            variables: new System.Collections.Hashtable { ["BUNBASE__MAIL__FROM"] = "", ["BUNBASE__MAIL__SMTP__HOST"] = " ", ["BUNBASE__MAIL__TRANSPORT"] = "" });
        Assert.Equal("the log", ((Bunbase.Runtime.Mail.IMailTransport)app.Services.GetService(typeof(Bunbase.Runtime.Mail.IMailTransport))!).Description);
    }

    [Fact]
    public async Task A_malformed_template_stops_start_up_naming_its_file()
    {
        var folder = Directory.CreateTempSubdirectory("bunbase-mail-templates-").FullName;
        try
        {
            await File.WriteAllTextAsync(Path.Combine(folder, "broken.html"), "<p>Hello {{ name </p>");
            var error = await Assert.ThrowsAsync<StartupException>(() => AppServer.StartAsync(
                typeof(MailApp::Program).Assembly,
                extraConfig: $$""" "mail": { "templatesPath": "{{folder.Replace('\\', '/')}}" } """));
            Assert.Contains("mail template broken.html", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
