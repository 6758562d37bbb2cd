using System.Net;
using Bunbase.Runtime.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Bunbase.Runtime.Tests.Accounts;

/// <summary><c>IAccountAdmin</c>: accounts made from code, as sign-up makes them, in the caller's transaction.</summary>
public sealed class AccountAdminTests
{
    private const string Password = "correct horse battery";

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_verified_account_made_from_code_signs_in_at_once_and_has_its_events(bool postgres)
    {
        await using var app = await AccountsAppServer.StartAsync(postgres);
        var admin = await app.SignedUpAsync("admin@example.com");

        var id = (await app.JsonAsync(await app.PostAsync("/import-account", new { email = " Grace@Example.COM ", password = "imported password", name = "Grace", verified = true }, admin), HttpStatusCode.OK))
            .GetProperty("id").GetString()!;

        var signedIn = await app.JsonAsync(await app.PostAsync("/_accounts/sign-in", new { email = "grace@example.com", password = "imported password" }), HttpStatusCode.OK);
        Assert.Equal(id, signedIn.GetProperty("account").GetProperty("id").GetString());
        Assert.Equal(["account-created", "account-email-verified"], (await app.AccountEventsAsync(id)).Select(e => e.Type));
        Assert.Single(app.Sink.Received()); // only the admin's own verification code: an import mails nothing
    }

    [Fact]
    public async Task A_taken_email_a_bad_email_password_or_name_and_a_rolled_back_transaction_leave_nothing()
    {
        await using var app = await AccountsAppServer.StartAsync();
        var admin = await app.SignedUpAsync("admin@example.com", Password);

        Assert.Equal("email_taken", (await Problem.ReadAsync(await app.PostAsync("/import-account", new { email = "ADMIN@example.com", verified = true }, admin), HttpStatusCode.Conflict)).Code);
        Assert.Equal("invalid_account", (await Problem.ReadAsync(await app.PostAsync("/import-account", new { email = "not an email", verified = true }, admin), HttpStatusCode.BadRequest)).Code);
        Assert.Equal("invalid_account", (await Problem.ReadAsync(await app.PostAsync("/import-account", new { email = "x <frank@evil.example>", verified = true }, admin), HttpStatusCode.BadRequest)).Code);
        Assert.Equal("invalid_account", (await Problem.ReadAsync(await app.PostAsync("/import-account", new { email = "carl@example.com", name = "Carl\nX", verified = true }, admin), HttpStatusCode.BadRequest)).Code);
        Assert.Equal("invalid_account", (await Problem.ReadAsync(await app.PostAsync("/import-account", new { email = "short@example.com", password = "short", verified = true }, admin), HttpStatusCode.BadRequest)).Code);
        Assert.Equal("failed_after", (await Problem.ReadAsync(await app.PostAsync("/import-account", new { email = "gone@example.com", verified = true, failAfter = true }, admin), HttpStatusCode.Conflict)).Code);

        Assert.Equal(1L, await app.Database!.ScalarAsync<long>("select count(*) from bunbase_accounts"));
        Assert.Equal(0L, await app.Database.ScalarAsync<long>("select count(*) from bunbase_events where stream <> 'account-' || (select id from bunbase_accounts)"));
    }

    [Fact]
    public async Task Without_the_module_it_says_which_setting_turns_it_on()
    {
        await using var server = await AppServer.StartAsync();
        var admin = server.Services.GetRequiredService<IAccountAdmin>();

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => admin.CreateAsync(null!, new NewAccount("a@example.com")));

        Assert.Contains("accounts.enabled", refused.Message, StringComparison.Ordinal);
    }
}
