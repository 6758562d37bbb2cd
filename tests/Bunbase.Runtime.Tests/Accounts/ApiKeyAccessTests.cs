using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Bunbase.Runtime.Tests.Infrastructure;
using OtpNet;

namespace Bunbase.Runtime.Tests.Accounts;

/// <summary>
/// What an API key may do in the accounts module: read the account and its organisations with the permission that
/// names the action (<c>accounts:me</c>, <c>accounts:orgs</c>), and nothing that changes the account or what it can do,
/// whatever its permissions (403 <c>session_required</c>, nothing stored); sessions are unchanged.
/// </summary>
public sealed partial class ApiKeyAccessTests
{
    /// <summary>Members hold every account permission, so their keys can be given any of them (or none).</summary>
    private const string Roles = """ "rolePermissions": [ { "role": "member", "permissions": ["notes:read", "accounts:*"] } ] """;

    [Fact]
    public async Task Every_module_operation_that_acts_as_the_caller_refuses_a_key_without_permissions_before_reading_its_input()
    {
        await using var app = await AccountsAppServer.StartAsync(accounts: Roles);
        var session = await app.SignedUpAsync("ada@example.com");
        var key = await KeyAsync(app, session);
        using var document = JsonDocument.Parse(await app.Client.GetStringAsync("/openapi.json"));

        // Every operation of the module that takes a caller, as the document lists them: a new one is covered too.
        var refused = 0;
        foreach (var path in document.RootElement.GetProperty("paths").EnumerateObject().Where(p => p.Name.StartsWith("/_accounts/", StringComparison.Ordinal)))
        {
            foreach (var operation in path.Value.EnumerateObject().Where(o => o.Value.GetProperty("security").GetArrayLength() > 0))
            {
                var method = new HttpMethod(operation.Name.ToUpperInvariant());
                var url = PathParameter().Replace(path.Name, "x");
                // An empty body: the refusal comes before the input is read, so it is not 400.
                var problem = await Problem.ReadAsync(await app.SendAsync(method, url, method == HttpMethod.Get || method == HttpMethod.Delete ? null : new { }, key), HttpStatusCode.Forbidden);
                var reads = method == HttpMethod.Get && path.Name is "/_accounts/me" or "/_accounts/orgs";
                Assert.True(problem.Code == (reads ? "permission_required" : "session_required"), $"{method} {path.Name}: {problem.Code}");
                Assert.Contains(reads ? "accounts:" : "signed-in session", problem.Detail, StringComparison.Ordinal);
                refused++;
            }
        }

        Assert.True(refused >= 15, $"only {refused} operations of the module take a caller");
        Assert.Equal(0L, await app.QueryAsync<long>("select count(*) from bunbase_orgs"));
        Assert.Equal(0L, await app.QueryAsync<long>("select count(*) from bunbase_account_mfa"));
        Assert.Equal(1L, await app.QueryAsync<long>("select count(*) from bunbase_api_keys where revoked_at is null"));
        Assert.Equal(0L, await app.QueryAsync<long>("select count(*) from bunbase_account_sessions where revoked_at is not null"));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_key_cannot_create_an_organisation_invite_or_accept_an_invitation_whatever_its_permissions(bool postgres)
    {
        await using var app = await AccountsAppServer.StartAsync(postgres, Roles);
        var ada = await app.SignedUpAsync("ada@example.com");
        var bob = await app.SignedUpAsync("bob@example.com", mailsBefore: 1);
        var org = (await app.JsonAsync(await app.PostAsync("/_accounts/orgs", new { name = "Acme" }, ada), HttpStatusCode.Created)).GetProperty("id").GetString()!;
        await app.JsonAsync(await app.PostAsync($"/_accounts/orgs/{org}/invites", new { email = "bob@example.com", role = "admin" }, ada), HttpStatusCode.Created);
        var token = InviteToken().Match((await app.Sink.WaitForAsync(3))[2].Message.TextBody!).Groups[1].Value;

        // Every account permission the owner holds (accounts:*), or none: the same refusal.
        foreach (var permissions in new[] { new[] { "accounts:*", "notes:read" }, [] })
        {
            var adaKey = await KeyAsync(app, ada, permissions);
            var bobKey = await KeyAsync(app, bob, permissions);

            var created = await Problem.ReadAsync(await app.PostAsync("/_accounts/orgs", new { name = "Shadow" }, adaKey), HttpStatusCode.Forbidden);
            Assert.Equal("session_required", created.Code);
            var invited = await Problem.ReadAsync(await app.PostAsync($"/_accounts/orgs/{org}/invites", new { email = "eve@example.com", role = "admin" }, adaKey), HttpStatusCode.Forbidden);
            Assert.Equal("session_required", invited.Code);
            var accepted = await Problem.ReadAsync(await app.PostAsync("/_accounts/invites/accept", new { token }, bobKey), HttpStatusCode.Forbidden);
            Assert.Equal("session_required", accepted.Code);

            // Nothing stored: one organisation, one invitation (still pending), Bob in no organisation, and so his key
            // does not reach the organisation's actions (organisation guards read the owner's memberships).
            Assert.Equal(1L, await app.QueryAsync<long>("select count(*) from bunbase_orgs"));
            Assert.Equal(1L, await app.QueryAsync<long>("select count(*) from bunbase_org_invites where accepted_at is null"));
            Assert.Equal(1L, await app.QueryAsync<long>("select count(*) from bunbase_org_members"));
            Assert.Equal("org_access_denied", (await Problem.ReadAsync(await app.SendAsync(HttpMethod.Get, $"/orgs/{org}/projects", null, bobKey), HttpStatusCode.Forbidden)).Code);
        }

        // Sessions still do all of it: the same invitation is accepted, and an organisation created.
        Assert.Equal("admin", (await app.JsonAsync(await app.PostAsync("/_accounts/invites/accept", new { token }, bob), HttpStatusCode.OK)).GetProperty("role").GetString());
        await app.JsonAsync(await app.PostAsync("/_accounts/orgs", new { name = "Globex" }, ada), HttpStatusCode.Created);
        await app.JsonAsync(await app.PostAsync($"/_accounts/orgs/{org}/invites", new { email = "eve@example.com", role = "member" }, bob), HttpStatusCode.Created);
        Assert.Equal(2L, await app.QueryAsync<long>("select count(*) from bunbase_orgs"));
        Assert.Equal(1L, await app.QueryAsync<long>("select count(*) from bunbase_org_invites where accepted_at is null"));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_key_cannot_enrol_confirm_step_up_or_disable_a_second_factor(bool postgres)
    {
        await using var app = await AccountsAppServer.StartAsync(postgres, Roles);
        var session = await app.SignedUpAsync("ada@example.com");
        var key = await KeyAsync(app, session, ["accounts:*"]);

        Assert.Equal("session_required", (await Problem.ReadAsync(await app.PostAsync("/_accounts/mfa/enroll", new { }, key), HttpStatusCode.Forbidden)).Code);
        Assert.Equal(0L, await app.QueryAsync<long>("select count(*) from bunbase_account_mfa"));

        // A pending enrolment (from the session) is not confirmed by the key, even with a right code.
        var secret = (await app.JsonAsync(await app.PostAsync("/_accounts/mfa/enroll", new { }, session), HttpStatusCode.OK)).GetProperty("secret").GetString()!;
        var totp = new Totp(Base32Encoding.ToBytes(secret));
        Assert.Equal("session_required", (await Problem.ReadAsync(await app.PostAsync("/_accounts/mfa/confirm", new { code = totp.ComputeTotp() }, key), HttpStatusCode.Forbidden)).Code);
        Assert.Equal(0L, await app.QueryAsync<long>("select count(*) from bunbase_account_mfa where confirmed_at is not null"));
        Assert.Equal(0L, await app.QueryAsync<long>("select count(*) from bunbase_account_backup_codes"));

        // Confirmed from the session, it is not stepped up to nor turned off by the key.
        var backup = (await app.JsonAsync(await app.PostAsync("/_accounts/mfa/confirm", new { code = totp.ComputeTotp() }, session), HttpStatusCode.OK)).GetProperty("backupCodes").EnumerateArray().Select(c => c.GetString()!).ToList();
        Assert.Equal("session_required", (await Problem.ReadAsync(await app.PostAsync("/_accounts/mfa/step-up", new { code = backup[0] }, key), HttpStatusCode.Forbidden)).Code);
        Assert.Equal("session_required", (await Problem.ReadAsync(await app.PostAsync("/_accounts/mfa/disable", new { code = backup[1] }, key), HttpStatusCode.Forbidden)).Code);
        Assert.Equal(1L, await app.QueryAsync<long>("select count(*) from bunbase_account_mfa where confirmed_at is not null"));
        Assert.Equal(10L, await app.QueryAsync<long>("select count(*) from bunbase_account_backup_codes where used_at is null"));

        // The backup codes the key was refused with still work, from the session.
        await app.JsonAsync(await app.PostAsync("/_accounts/mfa/disable", new { code = backup[1] }, session), HttpStatusCode.NoContent);
        Assert.Equal(0L, await app.QueryAsync<long>("select count(*) from bunbase_account_mfa where confirmed_at is not null"));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_key_reads_the_account_and_its_organisations_only_with_the_permission_naming_the_action(bool postgres)
    {
        await using var app = await AccountsAppServer.StartAsync(postgres, Roles);
        var session = await app.SignedUpAsync("ada@example.com");
        await app.JsonAsync(await app.PostAsync("/_accounts/orgs", new { name = "Acme" }, session), HttpStatusCode.Created);

        var meOnly = await KeyAsync(app, session, ["accounts:me"]);
        Assert.Equal("ada@example.com", (await app.JsonAsync(await app.SendAsync(HttpMethod.Get, "/_accounts/me", null, meOnly), HttpStatusCode.OK)).GetProperty("email").GetString());
        var orgs = await Problem.ReadAsync(await app.SendAsync(HttpMethod.Get, "/_accounts/orgs", null, meOnly), HttpStatusCode.Forbidden);
        Assert.Equal("permission_required", orgs.Code);
        Assert.Contains("'accounts:orgs'", orgs.Detail, StringComparison.Ordinal);

        // Another app permission opens nothing here; a wildcard is matched as for any action.
        var notes = await KeyAsync(app, session, ["notes:read"]);
        Assert.Equal("permission_required", (await Problem.ReadAsync(await app.SendAsync(HttpMethod.Get, "/_accounts/me", null, notes), HttpStatusCode.Forbidden)).Code);
        var all = await KeyAsync(app, session, ["accounts:*"]);
        await app.JsonAsync(await app.SendAsync(HttpMethod.Get, "/_accounts/me", null, all), HttpStatusCode.OK);
        Assert.Equal("Acme", (await app.JsonAsync(await app.SendAsync(HttpMethod.Get, "/_accounts/orgs", null, all), HttpStatusCode.OK)).GetProperty("orgs")[0].GetProperty("name").GetString());

        // The session needs no permission for its own account.
        await app.JsonAsync(await app.SendAsync(HttpMethod.Get, "/_accounts/me", null, session), HttpStatusCode.OK);
        await app.JsonAsync(await app.SendAsync(HttpMethod.Get, "/_accounts/orgs", null, session), HttpStatusCode.OK);
    }

    [Fact]
    public async Task Anonymous_operations_answer_a_caller_with_a_key_as_they_answer_anyone()
    {
        await using var app = await AccountsAppServer.StartAsync(accounts: Roles);
        var session = await app.SignedUpAsync("ada@example.com");
        var key = await KeyAsync(app, session);

        await app.JsonAsync(await app.PostAsync("/_accounts/password-reset", new { email = "ada@example.com" }, key), HttpStatusCode.Accepted);
        await app.JsonAsync(await app.PostAsync("/_accounts/sign-up", new { email = "bob@example.com", password = "correct horse battery" }, key), HttpStatusCode.Accepted);
        var signedIn = await app.JsonAsync(await app.PostAsync("/_accounts/sign-in", new { email = "ada@example.com", password = "correct horse battery" }, key), HttpStatusCode.OK);
        await app.JsonAsync(await app.SendAsync(HttpMethod.Get, "/_accounts/me", null, signedIn.GetProperty("token").GetString()), HttpStatusCode.OK);
    }

    /// <summary>A new key of the session's account with <paramref name="permissions"/> (none by default).</summary>
    private static async Task<string> KeyAsync(AccountsAppServer app, string session, string[]? permissions = null) =>
        (await app.JsonAsync(await app.PostAsync("/_accounts/api-keys", new { name = "ci", permissions = permissions ?? [] }, session), HttpStatusCode.Created)).GetProperty("key").GetString()!;

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex PathParameter();

    [GeneratedRegex(@"accept with this token:\s+(\S+)")]
    private static partial Regex InviteToken();
}
