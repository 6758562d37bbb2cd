using Bunbase.Testing.Tests.App;
using Bunbase.Testing.Tests.Infrastructure;

namespace Bunbase.Testing.Tests;

public sealed class MailTests
{
    public static TheoryData<bool> Backends => new() { false, true };

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task Mail_the_app_sends_is_captured_once_its_job_ran_and_never_leaves_the_machine(bool postgres)
    {
        // The app's configuration could name a real SMTP server: the kit writes mail to the fixture's folder instead.
        await using var app = await BunbaseTestApp.StartAsync(typeof(CreateNote).Assembly, new BunbaseTestAppOptions
        {
            DatabaseUrl = postgres ? TestServers.DatabaseUrl : null,
            Settings = { ["BUNBASE__MAIL__SMTP__HOST"] = "smtp.invalid", ["BUNBASE__MAIL__FROM"] = "Kit <kit@example.com>" },
        });

        await app.CallAsync(new InviteFriend.Input("friend@example.com", "Come & see"));
        await app.Jobs.RunUntilIdleAsync();

        var mail = Assert.Single(app.Mail.Sent);
        Assert.Equal(["friend@example.com"], mail.To);
        Assert.Equal("kit@example.com", mail.From);
        Assert.Equal("You are invited", mail.Subject);
        Assert.Equal("Come & see", mail.Text?.Trim());
        Assert.Equal("<p>Come &amp; see</p>", mail.Html?.Trim());
        Assert.Equal("1", mail.Headers["X-Invitation"]);
    }
}
