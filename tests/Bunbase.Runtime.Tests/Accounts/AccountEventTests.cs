using System.Net;
using System.Text.Json;
using Bunbase.Runtime.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Bunbase.Runtime.Tests.Accounts;

/// <summary>
/// The module's durable events on <c>account-{id}</c>: <c>account-created</c> and <c>account-email-verified</c>, each
/// once, written in the transaction that writes the account (none when it rolls back).
/// </summary>
public sealed class AccountEventTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Sign_up_and_verification_publish_one_event_each_and_nothing_more(bool postgres)
    {
        await using var app = await AccountsAppServer.StartAsync(postgres);
        await app.JsonAsync(await app.PostAsync("/_accounts/sign-up", new { email = "Ada@Example.com", password = "correct horse battery", name = "Ada" }), HttpStatusCode.Accepted);
        var id = (await app.AccountIdAsync("ada@example.com"))!;
        var created = Assert.Single(await app.AccountEventsAsync(id));
        AssertEvent(created, "account-created", id, "ada@example.com", "Ada", verified: false);

        // "Already registered": no event. Then the verification, and a password reset (which would verify) afterwards.
        await app.JsonAsync(await app.PostAsync("/_accounts/verify-email", new { email = "ada@example.com", code = await app.CodeAsync(1) }), HttpStatusCode.OK);
        await app.JsonAsync(await app.PostAsync("/_accounts/sign-up", new { email = "ada@example.com", password = "another password 1" }), HttpStatusCode.Accepted);
        await app.Sink.WaitForAsync(2); // the "already registered" mail, before the reset's (mails are delivered by the queue, in any order)
        await app.JsonAsync(await app.PostAsync("/_accounts/password-reset", new { email = "ada@example.com" }), HttpStatusCode.Accepted);
        await app.JsonAsync(await app.PostAsync("/_accounts/password-reset/confirm", new { email = "ada@example.com", code = await app.CodeAsync(3), password = "a new password 2" }), HttpStatusCode.NoContent);

        var events = await app.AccountEventsAsync(id);
        Assert.Equal(["account-created", "account-email-verified"], events.Select(e => e.Type));
        AssertEvent(events[1], "account-email-verified", id, "ada@example.com", "Ada", verified: true);
        Assert.Equal(Bunbase.Runtime.Accounts.AccountEvents.IdOf("account-created", id), events[0].Id);
        Assert.Equal(Bunbase.Runtime.Accounts.AccountEvents.IdOf("account-email-verified", id), events[1].Id);
        Assert.Single(await EventStore(app).ListStreamsAsync("account", 100, CancellationToken.None));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_password_reset_verifies_an_unverified_email_and_says_so_once(bool postgres)
    {
        await using var app = await AccountsAppServer.StartAsync(postgres);
        await app.JsonAsync(await app.PostAsync("/_accounts/sign-up", new { email = "bob@example.com", password = "correct horse battery" }), HttpStatusCode.Accepted);
        await app.JsonAsync(await app.PostAsync("/_accounts/password-reset", new { email = "bob@example.com" }), HttpStatusCode.Accepted);

        // A wrong code first: no event, and the attempt still counts (the transaction commits it).
        await Problem.ReadAsync(await app.PostAsync("/_accounts/password-reset/confirm", new { email = "bob@example.com", code = "0000000000", password = "a new password 2" }), HttpStatusCode.BadRequest);
        var id = (await app.AccountIdAsync("bob@example.com"))!;
        Assert.Single(await app.AccountEventsAsync(id));
        Assert.Equal(1L, await app.QueryAsync<long>("select attempts from bunbase_account_codes where account_id = @id and purpose = 'reset_password'", new { id }));

        await app.JsonAsync(await app.PostAsync("/_accounts/password-reset/confirm", new { email = "bob@example.com", code = await app.CodeAsync(2, "password reset"), password = "a new password 2" }), HttpStatusCode.NoContent);

        var events = await app.AccountEventsAsync(id);
        Assert.Equal(["account-created", "account-email-verified"], events.Select(e => e.Type));
        AssertEvent(events[1], "account-email-verified", id, "bob@example.com", null, verified: true);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task No_event_is_stored_when_the_account_transaction_rolls_back(bool postgres)
    {
        await using var app = await AccountsAppServer.StartAsync(postgres);
        // The code insert of sign-up fails after the account row (and its event) were written in the transaction.
        await app.ExecuteAsync(postgres
            ? "create function refuse_codes() returns trigger language plpgsql as $$ begin raise exception 'refused'; end $$; create trigger refuse_codes before insert on bunbase_account_codes for each row execute function refuse_codes()"
            : "create trigger refuse_codes before insert on bunbase_account_codes begin select raise(abort, 'refused'); end");

        var response = await app.PostAsync("/_accounts/sign-up", new { email = "carol@example.com", password = "correct horse battery" });

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Null(await app.AccountIdAsync("carol@example.com"));
        Assert.Empty(await EventStore(app).ListStreamsAsync("account", 100, CancellationToken.None));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_provider_sign_in_publishes_created_and_verified_for_a_new_account_and_verified_when_it_links_an_unverified_one(bool postgres)
    {
        await using var github = await FakeGitHub.StartAsync();
        await using var app = await GitHubSignInTests.StartAsync(github, postgres);
        github.Current = new FakeGitHub.User(42, "ada", [new("ada@example.com", true, true)]);
        var flow = await GitHubSignInTests.BeginAsync(app);
        await app.JsonAsync(await GitHubSignInTests.CallbackAsync(app, flow.Code, flow.State, flow.Binding), HttpStatusCode.OK);
        var ada = (await app.AccountIdAsync("ada@example.com"))!;
        var events = await app.AccountEventsAsync(ada);
        Assert.Equal(["account-created", "account-email-verified"], events.Select(e => e.Type));
        AssertEvent(events[0], "account-created", ada, "ada@example.com", null, verified: true);
        AssertEvent(events[1], "account-email-verified", ada, "ada@example.com", null, verified: true);

        // Signing in again publishes nothing; linking to an unverified account verifies it once.
        var again = await GitHubSignInTests.BeginAsync(app);
        await app.JsonAsync(await GitHubSignInTests.CallbackAsync(app, again.Code, again.State, again.Binding), HttpStatusCode.OK);
        Assert.Equal(2, (await app.AccountEventsAsync(ada)).Count);
        await app.JsonAsync(await app.PostAsync("/_accounts/sign-up", new { email = "dave@example.com", password = "squatter password" }), HttpStatusCode.Accepted);
        github.Current = new FakeGitHub.User(9, "dave", [new("dave@example.com", true, true)]);
        var link = await GitHubSignInTests.BeginAsync(app);
        await app.JsonAsync(await GitHubSignInTests.CallbackAsync(app, link.Code, link.State, link.Binding), HttpStatusCode.OK);
        var dave = (await app.AccountIdAsync("dave@example.com"))!;
        Assert.Equal(["account-created", "account-email-verified"], (await app.AccountEventsAsync(dave)).Select(e => e.Type));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task An_app_action_subscribed_to_account_email_verified_runs_for_a_verification(bool postgres)
    {
        await using var app = await AccountsAppServer.StartAsync(postgres);
        await app.SignedUpAsync("eve@example.com");
        var id = (await app.AccountIdAsync("eve@example.com"))!;

        var deadline = DateTime.UtcNow.AddSeconds(60);
        HttpResponseMessage welcomed;
        while ((welcomed = await app.SendAsync(HttpMethod.Get, "/welcomed/" + id, null)).StatusCode == HttpStatusCode.NotFound && DateTime.UtcNow < deadline)
            await Task.Delay(100);

        Assert.Equal("eve@example.com", (await app.JsonAsync(welcomed, HttpStatusCode.OK)).GetProperty("email").GetString());
    }

    private static Bunbase.Runtime.Events.IEventStore EventStore(AccountsAppServer app) =>
        app.Server.Services.GetRequiredService<Bunbase.Runtime.Events.IEventStore>();

    private static void AssertEvent((string Type, JsonElement Data, Guid Id) e, string type, string id, string email, string? name, bool verified)
    {
        Assert.Equal(type, e.Type);
        Assert.Equal(id, e.Data.GetProperty("accountId").GetString());
        Assert.Equal(email, e.Data.GetProperty("email").GetString());
        Assert.Equal(name, e.Data.GetProperty("name").GetString());
        Assert.Equal(verified, e.Data.GetProperty("emailVerified").GetBoolean());
    }
}
