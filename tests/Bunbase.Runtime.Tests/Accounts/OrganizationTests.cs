extern alias AccountsApp;

using System.Net;
using System.Text.RegularExpressions;
using Bunbase.Runtime.Tests.Infrastructure;

namespace Bunbase.Runtime.Tests.Accounts;

/// <summary>Organisations over HTTP: create, invite by mail, accept, roles, and guards on the organisation the input names.</summary>
public sealed partial class OrganizationTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task An_invited_member_reaches_the_org_scoped_action_with_its_role_and_not_another_org(bool postgres)
    {
        await using var app = await AccountsAppServer.StartAsync(postgres);
        var owner = await app.SignedUpAsync("owner@example.com");
        var member = await app.SignedUpAsync("member@example.com", mailsBefore: 1);
        var org = (await app.JsonAsync(await app.PostAsync("/_accounts/orgs", new { name = "Acme" }, owner), HttpStatusCode.Created)).GetProperty("id").GetString()!;
        var other = (await app.JsonAsync(await app.PostAsync("/_accounts/orgs", new { name = "Globex" }, member), HttpStatusCode.Created)).GetProperty("id").GetString()!;

        var denied = await Problem.ReadAsync(await app.SendAsync(HttpMethod.Get, $"/orgs/{org}/projects", null, member), HttpStatusCode.Forbidden);
        Assert.Equal("org_access_denied", denied.Code);

        await app.JsonAsync(await app.PostAsync($"/_accounts/orgs/{org}/invites", new { email = "MEMBER@example.com", role = "member" }, owner), HttpStatusCode.Created);
        var token = TokenPattern().Match((await app.Sink.WaitForAsync(3))[2].Message.TextBody!).Groups[1].Value;
        var joined = await app.JsonAsync(await app.PostAsync("/_accounts/invites/accept", new { token }, member), HttpStatusCode.OK);
        Assert.Equal("member", joined.GetProperty("role").GetString());

        await app.JsonAsync(await app.SendAsync(HttpMethod.Get, $"/orgs/{org}/projects", null, member), HttpStatusCode.OK);
        var notAdmin = await Problem.ReadAsync(await app.SendAsync(HttpMethod.Delete, $"/orgs/{org}", null, member), HttpStatusCode.Forbidden);
        Assert.Equal("org_access_denied", notAdmin.Code);
        await app.JsonAsync(await app.SendAsync(HttpMethod.Delete, $"/orgs/{org}", null, owner), HttpStatusCode.NoContent);

        // The owner of Acme is nobody in Globex, and an id that names no organisation gets the same answer.
        await Problem.ReadAsync(await app.SendAsync(HttpMethod.Get, $"/orgs/{other}/projects", null, owner), HttpStatusCode.Forbidden);
        await Problem.ReadAsync(await app.SendAsync(HttpMethod.Get, "/orgs/no-such-org/projects", null, owner), HttpStatusCode.Forbidden);
        var invite = await Problem.ReadAsync(await app.PostAsync($"/_accounts/orgs/{other}/invites", new { email = "x@example.com", role = "admin" }, owner), HttpStatusCode.Forbidden);
        Assert.Equal("org_access_denied", invite.Code);
    }

    [Fact]
    public async Task An_invitation_is_single_use_and_only_for_the_invited_email()
    {
        await using var app = await AccountsAppServer.StartAsync();
        var owner = await app.SignedUpAsync("owner@example.com");
        var stranger = await app.SignedUpAsync("stranger@example.com", mailsBefore: 1);
        var invited = await app.SignedUpAsync("invited@example.com", mailsBefore: 2);
        var org = (await app.JsonAsync(await app.PostAsync("/_accounts/orgs", new { name = "Acme" }, owner), HttpStatusCode.Created)).GetProperty("id").GetString()!;
        await app.JsonAsync(await app.PostAsync($"/_accounts/orgs/{org}/invites", new { email = "invited@example.com", role = "admin" }, owner), HttpStatusCode.Created);
        var token = TokenPattern().Match((await app.Sink.WaitForAsync(4))[3].Message.TextBody!).Groups[1].Value;

        var wrongAccount = await Problem.ReadAsync(await app.PostAsync("/_accounts/invites/accept", new { token }, stranger), HttpStatusCode.BadRequest);
        Assert.Equal("invite_invalid", wrongAccount.Code);
        await app.JsonAsync(await app.PostAsync("/_accounts/invites/accept", new { token }, invited), HttpStatusCode.OK);
        await Problem.ReadAsync(await app.PostAsync("/_accounts/invites/accept", new { token }, invited), HttpStatusCode.BadRequest);
        Assert.Equal("admin", (await app.JsonAsync(await app.SendAsync(HttpMethod.Get, "/_accounts/orgs", null, invited), HttpStatusCode.OK)).GetProperty("orgs")[0].GetProperty("role").GetString());
    }

    [Fact]
    public async Task An_org_name_with_a_control_character_is_refused_and_nothing_is_stored()
    {
        await using var app = await AccountsAppServer.StartAsync();
        var owner = await app.SignedUpAsync("owner@example.com");

        foreach (var name in new[] { "Evil\r\nBcc: x@evil.example", "Evil\u0007", "Evil\u2028Corp", "Acme \u202Eevil\u202C", "Acme\u2067x" })
        {
            var refused = await Problem.ReadAsync(await app.PostAsync("/_accounts/orgs", new { name }, owner), HttpStatusCode.BadRequest);
            Assert.Equal("validation_failed", refused.Code);
            Assert.Contains("name", refused.Errors.Keys);
        }

        Assert.Equal(0L, await app.Database!.ScalarAsync<long>("select count(*) from bunbase_orgs"));
        Assert.Equal(0L, await app.Database.ScalarAsync<long>("select count(*) from bunbase_org_members"));
    }

    [Fact]
    public async Task An_org_name_stored_with_a_line_break_before_it_was_refused_is_mailed_on_one_line()
    {
        await using var app = await AccountsAppServer.StartAsync();
        var owner = await app.SignedUpAsync("owner@example.com");
        var org = (await app.JsonAsync(await app.PostAsync("/_accounts/orgs", new { name = "Acme" }, owner), HttpStatusCode.Created)).GetProperty("id").GetString()!;
        await app.ExecuteAsync("update bunbase_orgs set name = @name where id = @org", new { name = "Evil\r\nBcc: x@evil.example", org });

        await app.JsonAsync(await app.PostAsync($"/_accounts/orgs/{org}/invites", new { email = "invited@example.com", role = "member" }, owner), HttpStatusCode.Created);

        var (message, recipients) = (await app.Sink.WaitForAsync(2))[1];
        Assert.Equal("You are invited to join Evil  Bcc: x@evil.example", message.Subject);
        Assert.Equal(["invited@example.com"], recipients);
    }

    [Fact]
    public async Task An_expired_invitation_is_refused()
    {
        var clock = new ShiftedTime();
        await using var app = await AccountsAppServer.StartAsync(accounts: "\"inviteExpiresIn\": \"1d\"", clock: clock);
        var owner = await app.SignedUpAsync("owner@example.com");
        var invited = await app.SignedUpAsync("invited@example.com", mailsBefore: 1);
        var org = (await app.JsonAsync(await app.PostAsync("/_accounts/orgs", new { name = "Acme" }, owner), HttpStatusCode.Created)).GetProperty("id").GetString()!;
        await app.JsonAsync(await app.PostAsync($"/_accounts/orgs/{org}/invites", new { email = "invited@example.com", role = "member" }, owner), HttpStatusCode.Created);
        var token = TokenPattern().Match((await app.Sink.WaitForAsync(3))[2].Message.TextBody!).Groups[1].Value;

        clock.Advance(TimeSpan.FromDays(2));

        await Problem.ReadAsync(await app.PostAsync("/_accounts/invites/accept", new { token }, invited), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task An_app_with_an_organisation_guard_but_without_the_module_is_refused_at_start()
    {
        var refused = await Assert.ThrowsAsync<Bunbase.Runtime.Foundation.StartupException>(() => AppServer.StartAsync(typeof(AccountsApp::Program).Assembly));

        Assert.Contains("accounts.enabled", refused.Message, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"accept with this token:\s+(\S+)")]
    private static partial Regex TokenPattern();
}
