using System.Net;
using Bunbase.Runtime.Tests.Infrastructure;

namespace Bunbase.Runtime.Tests.Accounts;

/// <summary>API keys over HTTP: shown once, stored hashed, scoped, used through the same guards, last use recorded, revoked at once.</summary>
public sealed class ApiKeyTests
{
    private const string Roles = """ "rolePermissions": [ { "role": "member", "permissions": ["notes:read", "notes:write"] } ] """;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_scoped_key_passes_the_guards_of_its_permissions_only_and_a_revoked_key_is_401(bool postgres)
    {
        await using var app = await AccountsAppServer.StartAsync(postgres, Roles);
        var session = await app.SignedUpAsync("ada@example.com");
        var created = await app.JsonAsync(await app.PostAsync("/_accounts/api-keys", new { name = "ci", permissions = new[] { "notes:read" } }, session), HttpStatusCode.Created);
        var key = created.GetProperty("key").GetString()!;
        var id = created.GetProperty("id").GetString()!;

        var read = await app.JsonAsync(await app.SendAsync(HttpMethod.Get, "/notes", null, key), HttpStatusCode.OK);
        var me = await app.JsonAsync(await app.SendAsync(HttpMethod.Get, "/_accounts/me", null, session), HttpStatusCode.OK);
        Assert.Equal(me.GetProperty("id").GetString(), read.GetProperty("userId").GetString());
        var write = await Problem.ReadAsync(await app.SendAsync(HttpMethod.Post, "/notes", new { }, key), HttpStatusCode.Forbidden);
        Assert.Equal("permission_required", write.Code);

        var listed = (await app.JsonAsync(await app.SendAsync(HttpMethod.Get, "/_accounts/api-keys", null, session), HttpStatusCode.OK)).GetProperty("keys").EnumerateArray().Single();
        Assert.Equal(id, listed.GetProperty("id").GetString());
        Assert.False(listed.TryGetProperty("key", out _));
        Assert.NotEqual(System.Text.Json.JsonValueKind.Null, listed.GetProperty("lastUsedAt").ValueKind);

        await app.JsonAsync(await app.SendAsync(HttpMethod.Delete, "/_accounts/api-keys/" + id, null, session), HttpStatusCode.NoContent);

        await Problem.ReadAsync(await app.SendAsync(HttpMethod.Get, "/notes", null, key), HttpStatusCode.Unauthorized);
        Assert.Empty((await app.JsonAsync(await app.SendAsync(HttpMethod.Get, "/_accounts/api-keys", null, session), HttpStatusCode.OK)).GetProperty("keys").EnumerateArray());
    }

    [Fact]
    public async Task Only_the_hash_of_a_key_is_stored_and_a_wrong_secret_with_a_right_prefix_is_401()
    {
        await using var app = await AccountsAppServer.StartAsync(accounts: Roles);
        var session = await app.SignedUpAsync("bob@example.com");
        var key = (await app.JsonAsync(await app.PostAsync("/_accounts/api-keys", new { name = "ci", permissions = new[] { "notes:read" } }, session), HttpStatusCode.Created)).GetProperty("key").GetString()!;

        Assert.Equal(0L, await app.Database!.ScalarAsync<long>($"select count(*) from bunbase_api_keys where secret_hash = '{key}' or prefix = '{key}' or name = '{key}'"));
        var forged = key[..^4] + (key.EndsWith("AAAA", StringComparison.Ordinal) ? "BBBB" : "AAAA");
        await Problem.ReadAsync(await app.SendAsync(HttpMethod.Get, "/notes", null, forged), HttpStatusCode.Unauthorized);
        await app.JsonAsync(await app.SendAsync(HttpMethod.Get, "/notes", null, key), HttpStatusCode.OK);

        // Nor does the run log keep it: the key is shown once, to its creator.
        await Eventually.TrueAsync(async () => await app.Database!.ScalarAsync<long>("select count(*) from bunbase_action_runs where action like '%create-api-key'") == 1, "the run of create-api-key");
        Assert.Equal("[redacted]", await app.Database!.ScalarAsync<string>("select output->>'key' from bunbase_action_runs where action like '%create-api-key'"));
        Assert.Equal(0L, await app.Database!.ScalarAsync<long>($"select count(*) from bunbase_action_runs where input::text like '%{key[^12..]}%' or output::text like '%{key[^12..]}%'"));
    }

    [Fact]
    public async Task A_key_cannot_carry_a_permission_its_creator_lacks_nor_manage_keys()
    {
        await using var app = await AccountsAppServer.StartAsync(accounts: Roles);
        var session = await app.SignedUpAsync("carol@example.com");

        var escalation = await Problem.ReadAsync(await app.PostAsync("/_accounts/api-keys", new { name = "root", permissions = new[] { "*" } }, session), HttpStatusCode.Forbidden);
        Assert.Equal("permission_not_held", escalation.Code);

        var key = (await app.JsonAsync(await app.PostAsync("/_accounts/api-keys", new { name = "ci", permissions = new[] { "notes:read" } }, session), HttpStatusCode.Created)).GetProperty("key").GetString()!;
        var byKey = await Problem.ReadAsync(await app.PostAsync("/_accounts/api-keys", new { name = "more", permissions = new[] { "notes:read" } }, key), HttpStatusCode.Forbidden);
        Assert.Equal("session_required", byKey.Code);
    }

    [Fact]
    public async Task A_null_or_blank_permission_is_a_validation_error_and_no_key_is_stored()
    {
        await using var app = await AccountsAppServer.StartAsync(accounts: Roles);
        var session = await app.SignedUpAsync("hana@example.com");

        // Held or not, a null or blank entry is no permission: the list is refused as a whole, before the held check.
        foreach (var permissions in new string?[][] { [null, "tasks:write"], [null], ["notes:read", null], ["", "notes:read"], [" "] })
        {
            var refused = await Problem.ReadAsync(await app.PostAsync("/_accounts/api-keys", new { name = "n", permissions }, session), HttpStatusCode.BadRequest);
            Assert.Equal("validation_failed", refused.Code);
            Assert.Contains("permissions", refused.Errors.Keys);
        }

        // Every entry is checked, not only the first one that is missing.
        var unheld = await Problem.ReadAsync(await app.PostAsync("/_accounts/api-keys", new { name = "n", permissions = new[] { "notes:read", "tasks:write" } }, session), HttpStatusCode.Forbidden);
        Assert.Equal("permission_not_held", unheld.Code);
        Assert.Equal(0L, await app.QueryAsync<long>("select count(*) from bunbase_api_keys"));
    }

    [Fact]
    public async Task A_key_name_with_a_control_character_is_refused_and_no_key_is_stored()
    {
        await using var app = await AccountsAppServer.StartAsync(accounts: Roles);
        var session = await app.SignedUpAsync("ivan@example.com");

        foreach (var name in new[] { "ci\r\nBcc: x@evil.example", "ci\u0000", "ci\u2028x" })
        {
            var refused = await Problem.ReadAsync(await app.PostAsync("/_accounts/api-keys", new { name, permissions = new[] { "notes:read" } }, session), HttpStatusCode.BadRequest);
            Assert.Equal("validation_failed", refused.Code);
            Assert.Contains("name", refused.Errors.Keys);
        }

        Assert.Equal(0L, await app.QueryAsync<long>("select count(*) from bunbase_api_keys"));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task An_app_action_that_refuses_api_keys_ends_nothing_for_a_key_and_still_serves_a_session(bool postgres)
    {
        // The app's own sign-out-everywhere is [Authenticated(AllowApiKeys = false)]: a key holding every permission its
        // owner has is still refused, so a leaked key cannot end the owner's sessions.
        await using var app = await AccountsAppServer.StartAsync(postgres, Roles);
        var session = await app.SignedUpAsync("kim@example.com");
        var key = (await app.JsonAsync(await app.PostAsync("/_accounts/api-keys", new { name = "ci", permissions = new[] { "notes:read", "notes:write" } }, session), HttpStatusCode.Created)).GetProperty("key").GetString()!;

        var refused = await Problem.ReadAsync(await app.PostAsync("/sign-out-everywhere", new { }, key), HttpStatusCode.Forbidden);
        Assert.Equal("session_required", refused.Code);
        await app.JsonAsync(await app.SendAsync(HttpMethod.Get, "/_accounts/sessions", null, session), HttpStatusCode.OK);
        await app.JsonAsync(await app.SendAsync(HttpMethod.Get, "/notes", null, key), HttpStatusCode.OK);

        // The session itself passes, and its sign-out everywhere ends it.
        await app.JsonAsync(await app.PostAsync("/sign-out-everywhere", new { }, session), HttpStatusCode.NoContent);
        await Problem.ReadAsync(await app.SendAsync(HttpMethod.Get, "/_accounts/sessions", null, session), HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_key_cannot_list_or_end_sessions_list_or_revoke_keys_nor_sign_out(bool postgres)
    {
        await using var app = await AccountsAppServer.StartAsync(postgres, Roles);
        var session = await app.SignedUpAsync("jack@example.com");
        var created = await app.JsonAsync(await app.PostAsync("/_accounts/api-keys", new { name = "bare", permissions = Array.Empty<string>() }, session), HttpStatusCode.Created);
        var key = created.GetProperty("key").GetString()!;
        var keyId = created.GetProperty("id").GetString()!;
        var sessionId = (await app.JsonAsync(await app.SendAsync(HttpMethod.Get, "/_accounts/sessions", null, session), HttpStatusCode.OK)).GetProperty("sessions")[0].GetProperty("id").GetString()!;

        foreach (var (method, path) in new[]
        {
            (HttpMethod.Get, "/_accounts/sessions"),
            (HttpMethod.Delete, "/_accounts/sessions/" + sessionId),
            (HttpMethod.Get, "/_accounts/api-keys"),
            (HttpMethod.Delete, "/_accounts/api-keys/" + keyId),
            (HttpMethod.Post, "/_accounts/sign-out"),
        })
        {
            var refused = await Problem.ReadAsync(await app.SendAsync(method, path, method == HttpMethod.Post ? new { } : null, key), HttpStatusCode.Forbidden);
            Assert.True(refused.Code == "session_required", $"{method} {path}: {refused.Code}");
        }

        // Nothing ended: the owner's session, its device list entry and the key itself all still work.
        await app.JsonAsync(await app.SendAsync(HttpMethod.Get, "/_accounts/me", null, session), HttpStatusCode.OK);
        // The key still authenticates (403 for want of accounts:me, not 401).
        Assert.Equal("permission_required", (await Problem.ReadAsync(await app.SendAsync(HttpMethod.Get, "/_accounts/me", null, key), HttpStatusCode.Forbidden)).Code);
        Assert.Equal(0L, await app.QueryAsync<long>("select count(*) from bunbase_account_sessions where revoked_at is not null"));
        Assert.Equal(0L, await app.QueryAsync<long>("select count(*) from bunbase_api_keys where revoked_at is not null"));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_password_reset_revokes_the_accounts_keys_at_once(bool postgres)
    {
        await using var app = await AccountsAppServer.StartAsync(postgres, Roles);
        var session = await app.SignedUpAsync("fay@example.com");
        var key = (await app.JsonAsync(await app.PostAsync("/_accounts/api-keys", new { name = "ci", permissions = new[] { "notes:read" } }, session), HttpStatusCode.Created)).GetProperty("key").GetString()!;
        await app.JsonAsync(await app.SendAsync(HttpMethod.Get, "/notes", null, key), HttpStatusCode.OK); // now cached by this instance

        await app.JsonAsync(await app.PostAsync("/_accounts/password-reset", new { email = "fay@example.com" }), HttpStatusCode.Accepted);
        await app.JsonAsync(await app.PostAsync("/_accounts/password-reset/confirm", new { email = "fay@example.com", code = await app.CodeAsync(2), password = "a new password 2" }), HttpStatusCode.NoContent);

        await Problem.ReadAsync(await app.SendAsync(HttpMethod.Get, "/notes", null, key), HttpStatusCode.Unauthorized);
        Assert.Equal(0L, await app.QueryAsync<long>("select count(*) from bunbase_api_keys where revoked_at is null"));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_key_loses_a_permission_its_owner_no_longer_has_once_its_cache_period_has_passed(bool postgres)
    {
        var clock = new ShiftedTime();
        await using var app = await AccountsAppServer.StartAsync(postgres, Roles.Replace("] } ]", "] }, { \"role\": \"reader\", \"permissions\": [\"notes:read\"] } ]", StringComparison.Ordinal), clock);
        var session = await app.SignedUpAsync("gus@example.com");
        var key = (await app.JsonAsync(await app.PostAsync("/_accounts/api-keys", new { name = "ci", permissions = new[] { "notes:read", "notes:write" } }, session), HttpStatusCode.Created)).GetProperty("key").GetString()!;
        await app.JsonAsync(await app.SendAsync(HttpMethod.Post, "/notes", new { }, key), HttpStatusCode.NoContent);

        // The owner's role changes to one without notes:write (an operator's update).
        await app.ExecuteAsync("update bunbase_accounts set roles = '[\"reader\"]' where email = 'gus@example.com'");
        clock.Advance(TimeSpan.FromSeconds(6)); // past accounts.apiKeyCacheFor (5s)

        var refused = await Problem.ReadAsync(await app.SendAsync(HttpMethod.Post, "/notes", new { }, key), HttpStatusCode.Forbidden);
        Assert.Equal("permission_required", refused.Code);
        await app.JsonAsync(await app.SendAsync(HttpMethod.Get, "/notes", null, key), HttpStatusCode.OK);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_key_keeps_a_permission_its_creator_holds_through_a_wildcard(bool postgres)
    {
        await using var app = await AccountsAppServer.StartAsync(postgres, """ "rolePermissions": [ { "role": "member", "permissions": ["notes:*"] } ] """);
        var session = await app.SignedUpAsync("kim@example.com");
        var read = (await app.JsonAsync(await app.PostAsync("/_accounts/api-keys", new { name = "reader", permissions = new[] { "notes:read" } }, session), HttpStatusCode.Created)).GetProperty("key").GetString()!;
        var all = (await app.JsonAsync(await app.PostAsync("/_accounts/api-keys", new { name = "all", permissions = new[] { "notes:*" } }, session), HttpStatusCode.Created)).GetProperty("key").GetString()!;

        // notes:read is granted by the role's notes:* as it is to the session, and a key's own wildcard grants as a session's does.
        await app.JsonAsync(await app.SendAsync(HttpMethod.Get, "/notes", null, read), HttpStatusCode.OK);
        Assert.Equal("permission_required", (await Problem.ReadAsync(await app.SendAsync(HttpMethod.Post, "/notes", new { }, read), HttpStatusCode.Forbidden)).Code);
        await app.JsonAsync(await app.SendAsync(HttpMethod.Post, "/notes", new { }, all), HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task Another_account_cannot_revoke_a_key()
    {
        await using var app = await AccountsAppServer.StartAsync(accounts: Roles);
        var owner = await app.SignedUpAsync("dave@example.com");
        var other = await app.SignedUpAsync("eve@example.com", mailsBefore: 1);
        var created = await app.JsonAsync(await app.PostAsync("/_accounts/api-keys", new { name = "ci", permissions = new[] { "notes:read" } }, owner), HttpStatusCode.Created);

        var refused = await Problem.ReadAsync(await app.SendAsync(HttpMethod.Delete, "/_accounts/api-keys/" + created.GetProperty("id").GetString(), null, other), HttpStatusCode.NotFound);

        Assert.Equal("api_key_not_found", refused.Code);
        await app.JsonAsync(await app.SendAsync(HttpMethod.Get, "/notes", null, created.GetProperty("key").GetString()), HttpStatusCode.OK);
    }
}
