using System.Net;
using Bunbase.Runtime.Tests.Infrastructure;

namespace Bunbase.Runtime.Tests.Accounts;

/// <summary>The accounts module over HTTP: sign-up with a mailed code, sign-in, sessions as devices, sign-out.</summary>
public sealed class SignInTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Sign_up_verify_and_sign_in_give_a_session_that_me_reads(bool postgres)
    {
        await using var app = await AccountsAppServer.StartAsync(postgres);

        var token = await app.SignedUpAsync("Ada@Example.com");

        var me = await app.JsonAsync(await app.SendAsync(HttpMethod.Get, "/_accounts/me", null, token), HttpStatusCode.OK);
        Assert.Equal("ada@example.com", me.GetProperty("email").GetString());
        Assert.True(me.GetProperty("emailVerified").GetBoolean());
        Assert.Equal(["member"], me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
    }

    [Fact]
    public async Task The_email_is_normalised_so_another_spelling_is_the_same_account()
    {
        await using var app = await AccountsAppServer.StartAsync();
        await app.SignedUpAsync("e\u0301lodie@example.com");

        // Composed accent and upper case: the same account, so sign-in works and sign-up finds it taken.
        await app.JsonAsync(await app.PostAsync("/_accounts/sign-in", new { email = "\u00C9LODIE@example.com", password = "correct horse battery" }), HttpStatusCode.OK);
        await app.JsonAsync(await app.PostAsync("/_accounts/sign-up", new { email = "\u00C9lodie@EXAMPLE.com", password = "another password 1" }), HttpStatusCode.Accepted);
        var second = (await app.Sink.WaitForAsync(2))[1].Message;
        Assert.Equal("You already have an account", second.Subject);
        Assert.Equal(1L, await app.Database!.ScalarAsync<long>("select count(*) from bunbase_accounts"));
    }

    [Fact]
    public async Task An_email_that_is_not_a_plain_address_is_refused_wherever_an_email_enters_and_nothing_is_stored()
    {
        // Each would be delivered to the mailbox inside (or look like another one) while counting as a new account.
        string[] emails =
        [
            "x <frank@evil.example>",
            "ceo\uFF20bank.example <attacker@evil.example>",
            "ceo\uFF20bank.example@evil.example",
            "\"frank\"@evil.example",
            "frank(ceo)@evil.example",
            "frank@\u00E9vil.example",
            "fr\u0001ank@evil.example", // (NUL is refused by the runtime before any action)
            "frank@[127.0.0.1]",
        ];
        await using var app = await AccountsAppServer.StartAsync();
        var owner = await app.SignedUpAsync("owner@example.com");
        var org = (await app.JsonAsync(await app.PostAsync("/_accounts/orgs", new { name = "Acme" }, owner), HttpStatusCode.Created)).GetProperty("id").GetString()!;

        foreach (var email in emails)
        {
            foreach (var (path, body, token) in new (string, object, string?)[]
            {
                ("/_accounts/sign-up", new { email, password = "correct horse battery" }, null),
                ("/_accounts/verify-email", new { email, code = "0000000000" }, null),
                ("/_accounts/verify-email/send", new { email }, null),
                ("/_accounts/sign-in", new { email, password = "correct horse battery" }, null),
                ("/_accounts/password-reset", new { email }, null),
                ("/_accounts/password-reset/confirm", new { email, code = "0000000000", password = "a brand new password" }, null),
                ($"/_accounts/orgs/{org}/invites", new { email, role = "member" }, owner),
            })
            {
                var refused = await Problem.ReadAsync(await app.PostAsync(path, body, token), HttpStatusCode.BadRequest);
                Assert.True(refused.Code == "validation_failed" && refused.Errors.ContainsKey("email"), $"{path} with {email}: {refused.Code}");
            }

            var imported = await Problem.ReadAsync(await app.PostAsync("/import-account", new { email, verified = true }, owner), HttpStatusCode.BadRequest);
            Assert.True(imported.Code == "invalid_account", $"import-account with {email}: {imported.Code} {imported.Body}");
        }

        Assert.Equal(1L, await app.Database!.ScalarAsync<long>("select count(*) from bunbase_accounts"));
        Assert.Equal(0L, await app.Database.ScalarAsync<long>("select count(*) from bunbase_org_invites"));
        // A plain address with the symbols RFC 5322 allows is still one.
        await app.JsonAsync(await app.PostAsync("/_accounts/sign-up", new { email = " O'Brien+news@Example.com ", password = "correct horse battery" }), HttpStatusCode.Accepted);
        Assert.NotNull(await app.AccountIdAsync("o'brien+news@example.com"));
    }

    [Fact]
    public async Task A_name_with_a_control_character_is_refused_at_sign_up_and_nothing_is_stored()
    {
        await using var app = await AccountsAppServer.StartAsync();

        foreach (var name in new[] { "Carl\nX", "Carl\r\nBcc: x@evil.example", "Carl\u0085", "Carl\u2029", "Carl\u202Etxt.exe" })
        {
            var refused = await Problem.ReadAsync(await app.PostAsync("/_accounts/sign-up", new { email = "carl@example.com", password = "correct horse battery", name }), HttpStatusCode.BadRequest);
            Assert.Equal("validation_failed", refused.Code);
            Assert.Contains("name", refused.Errors.Keys);
        }

        Assert.Equal(0L, await app.Database!.ScalarAsync<long>("select count(*) from bunbase_accounts"));
        await app.JsonAsync(await app.PostAsync("/_accounts/sign-up", new { email = "carl@example.com", password = "correct horse battery", name = "Carl Xavier-Ünal \U0001F469\u200D\U0001F4BB" }), HttpStatusCode.Accepted);
        Assert.Equal("Carl Xavier-Ünal \U0001F469\u200D\U0001F4BB", await app.Database.ScalarAsync<string>("select name from bunbase_accounts"));
    }

    [Fact]
    public async Task Sign_in_before_verification_is_refused_only_after_the_password_checks_out()
    {
        await using var app = await AccountsAppServer.StartAsync();
        await app.JsonAsync(await app.PostAsync("/_accounts/sign-up", new { email = "bob@example.com", password = "correct horse battery" }), HttpStatusCode.Accepted);

        var wrong = await Problem.ReadAsync(await app.PostAsync("/_accounts/sign-in", new { email = "bob@example.com", password = "wrong password" }), HttpStatusCode.Unauthorized);
        Assert.Equal("invalid_credentials", wrong.Code);
        var unverified = await Problem.ReadAsync(await app.PostAsync("/_accounts/sign-in", new { email = "bob@example.com", password = "correct horse battery" }), HttpStatusCode.Forbidden);
        Assert.Equal("email_not_verified", unverified.Code);
        var unknown = await Problem.ReadAsync(await app.PostAsync("/_accounts/sign-in", new { email = "nobody@example.com", password = "correct horse battery" }), HttpStatusCode.Unauthorized);
        Assert.Equal("invalid_credentials", unknown.Code);
    }

    [Fact]
    public async Task Sign_in_is_throttled_per_email_as_ctx_auth_does()
    {
        await using var app = await AccountsAppServer.StartAsync();
        await app.SignedUpAsync("carol@example.com");

        for (var i = 0; i < 5; i++)
            await Problem.ReadAsync(await app.PostAsync("/_accounts/sign-in", new { email = "carol@example.com", password = "wrong password" }), HttpStatusCode.Unauthorized);
        var throttled = await Problem.ReadAsync(await app.PostAsync("/_accounts/sign-in", new { email = "CAROL@example.com", password = "correct horse battery" }), HttpStatusCode.TooManyRequests);
        Assert.Equal("sign_in_throttled", throttled.Code);
    }

    [Fact]
    public async Task Sessions_are_listed_per_device_and_one_revoked_by_its_owner_stops_working()
    {
        await using var app = await AccountsAppServer.StartAsync();
        var laptop = await app.SignedUpAsync("dave@example.com");
        using var phoneRequest = new HttpRequestMessage(HttpMethod.Post, "/_accounts/sign-in") { Content = System.Net.Http.Json.JsonContent.Create(new { email = "dave@example.com", password = "correct horse battery" }) };
        phoneRequest.Headers.UserAgent.ParseAdd("Phone/1.0");
        var phone = (await app.JsonAsync(await app.Client.SendAsync(phoneRequest), HttpStatusCode.OK)).GetProperty("token").GetString()!;
        var other = await app.SignedUpAsync("eve@example.com", mailsBefore: 1);

        var sessions = (await app.JsonAsync(await app.SendAsync(HttpMethod.Get, "/_accounts/sessions", null, laptop), HttpStatusCode.OK)).GetProperty("sessions").EnumerateArray().ToList();
        Assert.Equal(2, sessions.Count);
        var phoneSession = sessions.Single(s => s.GetProperty("userAgent").GetString() == "Phone/1.0");
        Assert.False(phoneSession.GetProperty("current").GetBoolean());
        Assert.True(sessions.Single(s => s.GetProperty("userAgent").GetString() != "Phone/1.0").GetProperty("current").GetBoolean());

        // Another account cannot end it, nor learn that it exists.
        var foreign = await Problem.ReadAsync(await app.SendAsync(HttpMethod.Delete, "/_accounts/sessions/" + phoneSession.GetProperty("id").GetString(), null, other), HttpStatusCode.NotFound);
        Assert.Equal("session_not_found", foreign.Code);
        await app.JsonAsync(await app.SendAsync(HttpMethod.Get, "/_accounts/me", null, phone), HttpStatusCode.OK);

        await app.JsonAsync(await app.SendAsync(HttpMethod.Delete, "/_accounts/sessions/" + phoneSession.GetProperty("id").GetString(), null, laptop), HttpStatusCode.NoContent);

        var revoked = await Problem.ReadAsync(await app.SendAsync(HttpMethod.Get, "/_accounts/me", null, phone), HttpStatusCode.Unauthorized);
        Assert.Equal("session_revoked", revoked.Code);
        await app.JsonAsync(await app.SendAsync(HttpMethod.Get, "/_accounts/me", null, laptop), HttpStatusCode.OK);
        Assert.Single((await app.JsonAsync(await app.SendAsync(HttpMethod.Get, "/_accounts/sessions", null, laptop), HttpStatusCode.OK)).GetProperty("sessions").EnumerateArray());
    }

    [Fact]
    public async Task The_device_list_follows_an_app_actions_sign_out_everywhere()
    {
        var clock = new ShiftedTime();
        await using var app = await AccountsAppServer.StartAsync(clock: clock);
        var laptop = await app.SignedUpAsync("gus@example.com");
        var phone = (await app.JsonAsync(await app.PostAsync("/_accounts/sign-in", new { email = "gus@example.com", password = "correct horse battery" }), HttpStatusCode.OK)).GetProperty("token").GetString()!;
        Assert.Equal(2, (await app.JsonAsync(await app.SendAsync(HttpMethod.Get, "/_accounts/sessions", null, laptop), HttpStatusCode.OK)).GetProperty("sessions").GetArrayLength());
        // Past auth.clockSkew (30 s): sessions signed in within it of the sign-out stay listed (another instance's clock).
        clock.Advance(TimeSpan.FromMinutes(1));

        // ctx.Auth.SignOutEverywhereAsync in the app's own action, not the module's.
        await app.JsonAsync(await app.PostAsync("/sign-out-everywhere", new { }, laptop), HttpStatusCode.NoContent);

        Assert.Equal("session_revoked", (await Problem.ReadAsync(await app.SendAsync(HttpMethod.Get, "/_accounts/me", null, phone), HttpStatusCode.Unauthorized)).Code);
        var tablet = (await app.JsonAsync(await app.PostAsync("/_accounts/sign-in", new { email = "gus@example.com", password = "correct horse battery" }), HttpStatusCode.OK)).GetProperty("token").GetString()!;
        var listed = (await app.JsonAsync(await app.SendAsync(HttpMethod.Get, "/_accounts/sessions", null, tablet), HttpStatusCode.OK)).GetProperty("sessions").EnumerateArray().ToList();
        Assert.True(Assert.Single(listed).GetProperty("current").GetBoolean());
        Assert.Equal(2L, await app.QueryAsync<long>("select count(*) from bunbase_account_sessions where revoked_at is not null"));
    }

    [Fact]
    public async Task A_device_list_that_cannot_be_updated_does_not_undo_a_sign_out_everywhere()
    {
        var clock = new ShiftedTime();
        await using var app = await AccountsAppServer.StartAsync(clock: clock);
        var laptop = await app.SignedUpAsync("hal@example.com");
        var phone = (await app.JsonAsync(await app.PostAsync("/_accounts/sign-in", new { email = "hal@example.com", password = "correct horse battery" }), HttpStatusCode.OK)).GetProperty("token").GetString()!;
        clock.Advance(TimeSpan.FromMinutes(1));

        // The database refuses the device list's update (and only it) while the sign-out is stored.
        await app.ExecuteAsync("""
            create function refuse_session_revocation() returns trigger language plpgsql as $$ begin raise exception 'the device list is unavailable'; end $$;
            create trigger refuse_session_revocation before update on bunbase_account_sessions
                for each row when (old.revoked_at is null and new.revoked_at is not null) execute function refuse_session_revocation();
            """);
        await app.JsonAsync(await app.PostAsync("/sign-out-everywhere", new { }, laptop), HttpStatusCode.NoContent);

        // The sessions ended all the same; the list still shows them (until they expire), as the README says.
        Assert.Equal("session_revoked", (await Problem.ReadAsync(await app.SendAsync(HttpMethod.Get, "/_accounts/me", null, phone), HttpStatusCode.Unauthorized)).Code);
        Assert.Equal("session_revoked", (await Problem.ReadAsync(await app.SendAsync(HttpMethod.Get, "/_accounts/me", null, laptop), HttpStatusCode.Unauthorized)).Code);
        Assert.Equal(0L, await app.QueryAsync<long>("select count(*) from bunbase_account_sessions where revoked_at is not null"));
        await app.ExecuteAsync("drop trigger refuse_session_revocation on bunbase_account_sessions; drop function refuse_session_revocation()");
        var tablet = (await app.JsonAsync(await app.PostAsync("/_accounts/sign-in", new { email = "hal@example.com", password = "correct horse battery" }), HttpStatusCode.OK)).GetProperty("token").GetString()!;
        Assert.Equal(3, (await app.JsonAsync(await app.SendAsync(HttpMethod.Get, "/_accounts/sessions", null, tablet), HttpStatusCode.OK)).GetProperty("sessions").GetArrayLength());
    }

    [Fact]
    public async Task Sign_out_ends_the_session()
    {
        await using var app = await AccountsAppServer.StartAsync();
        var token = await app.SignedUpAsync("fay@example.com");

        await app.JsonAsync(await app.PostAsync("/_accounts/sign-out", new { }, token), HttpStatusCode.NoContent);

        await Problem.ReadAsync(await app.SendAsync(HttpMethod.Get, "/_accounts/me", null, token), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task An_app_without_the_module_serves_nothing_under_accounts()
    {
        await using var sink = await Mail.SmtpSink.StartAsync();
        await using var app = await Mail.MailAppServer.StartAsync(sink.Port, postgres: false);

        var response = await app.Client.PostAsync("/_accounts/sign-in", System.Net.Http.Json.JsonContent.Create(new { email = "a@example.com", password = "x" }));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
