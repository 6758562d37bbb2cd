extern alias ExampleApp;

using System.Net.Http.Json;
using Bunbase.Runtime.Tests.Infrastructure;

namespace Bunbase.Runtime.Tests.Mail;

/// <summary>The example app: a sign-up's welcome-user job queues the welcome mail (its template) once, in the transaction that marks the user welcomed.</summary>
public sealed class ExampleWelcomeMailTests
{
    [Fact]
    public async Task Signing_up_sends_the_welcome_mail_from_the_example_s_template()
    {
        await using var sink = await SmtpSink.StartAsync();
        var root = Path.Combine(NodeTools.RepositoryRoot(), "examples", "bunbase-app").Replace('\\', '/');
        await using var app = await AppServer.StartAsync(
            typeof(ExampleApp::Program).Assembly,
            extraConfig: $$"""
                "database": { "migrateOnStart": true, "migrationsPath": "{{root}}/migrations" },
                "queue": { "pollIntervalMs": 100 },
                "mail": { "from": "Notes <notes@example.com>", "templatesPath": "{{root}}/mail", "smtp": { "host": "127.0.0.1", "port": {{sink.Port}}, "security": "none" } }
                """);
        var email = $"ada-{Guid.NewGuid():N}@example.com";

        using var signedUp = await app.Client.PostAsJsonAsync("/auth/sign-up", new { email, name = "Ada <3", password = "correct horse battery staple" });
        signedUp.EnsureSuccessStatusCode();

        var (message, recipients) = (await sink.WaitForAsync(1)).Single();
        Assert.Equal([email], recipients);
        Assert.Equal("Welcome to Bunbase notes, Ada <3", message.Subject);
        Assert.Contains($"Sign in with {email}", message.TextBody, StringComparison.Ordinal);
        Assert.Contains("Hello Ada &lt;3,", message.HtmlBody, StringComparison.Ordinal);
    }
}
