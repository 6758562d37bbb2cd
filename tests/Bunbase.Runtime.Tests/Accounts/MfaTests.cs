using System.Net;
using System.Text.Json;
using Bunbase.Runtime.Tests.Infrastructure;
using OtpNet;

namespace Bunbase.Runtime.Tests.Accounts;

/// <summary>TOTP second factors over HTTP: enrolment, two-step sign-in, replay, backup codes, attempt limits, step-up, disabling.</summary>
public sealed class MfaTests
{
    private const string Password = "correct horse battery";

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Enrolment_is_active_only_once_confirmed_and_then_sign_in_takes_two_steps(bool postgres)
    {
        var clock = new ShiftedTime();
        await using var app = await AccountsAppServer.StartAsync(postgres, clock: clock);
        var token = await app.SignedUpAsync("ada@example.com");

        // Enrolling again before confirming replaces the pending secret.
        var abandoned = (await app.JsonAsync(await app.PostAsync("/_accounts/mfa/enroll", new { }, token), HttpStatusCode.OK)).GetProperty("secret").GetString()!;
        var enrolment = await app.JsonAsync(await app.PostAsync("/_accounts/mfa/enroll", new { }, token), HttpStatusCode.OK);
        var secret = enrolment.GetProperty("secret").GetString()!;
        Assert.NotEqual(abandoned, secret);
        Assert.StartsWith("otpauth://totp/Bunbase:ada%40example.com?secret=" + secret, enrolment.GetProperty("uri").GetString(), StringComparison.Ordinal);

        // Not active before confirmation: sign-in still gives a session at once.
        var before = await SignInAsync(app);
        Assert.False(before.GetProperty("mfaRequired").GetBoolean());

        var wrong = await Problem.ReadAsync(await app.PostAsync("/_accounts/mfa/confirm", new { code = WrongCode(secret, clock) }, token), HttpStatusCode.BadRequest);
        Assert.Equal("mfa_code_invalid", wrong.Code);
        var confirmed = await app.JsonAsync(await app.PostAsync("/_accounts/mfa/confirm", new { code = Code(secret, clock) }, token), HttpStatusCode.OK);
        Assert.Equal(10, confirmed.GetProperty("backupCodes").GetArrayLength());

        // The password step gives only a challenge: no token, no cookie, nothing usable as a session.
        var first = await app.PostAsync("/_accounts/sign-in", new { email = "ada@example.com", password = Password });
        Assert.False(first.Headers.Contains("Set-Cookie"));
        var challenge = await app.JsonAsync(first, HttpStatusCode.OK);
        Assert.True(challenge.GetProperty("mfaRequired").GetBoolean());
        Assert.Equal(JsonValueKind.Null, challenge.GetProperty("token").ValueKind);
        var mfaToken = challenge.GetProperty("mfaToken").GetString()!;
        await Problem.ReadAsync(await app.SendAsync(HttpMethod.Get, "/_accounts/me", null, mfaToken), HttpStatusCode.Unauthorized);

        var badCode = await Problem.ReadAsync(await app.PostAsync("/_accounts/sign-in/mfa", new { mfaToken, code = WrongCode(secret, clock) }), HttpStatusCode.BadRequest);
        Assert.Equal("mfa_code_invalid", badCode.Code);

        // The code that confirmed the enrolment was used: the next time step gives a new one.
        clock.Advance(TimeSpan.FromSeconds(30));
        var second = await app.JsonAsync(await app.PostAsync("/_accounts/sign-in/mfa", new { mfaToken, code = Code(secret, clock) }), HttpStatusCode.OK);
        var session = second.GetProperty("token").GetString()!;
        Assert.Equal("ada@example.com", (await app.JsonAsync(await app.SendAsync(HttpMethod.Get, "/_accounts/me", null, session), HttpStatusCode.OK)).GetProperty("email").GetString());

        // The challenge is single use.
        clock.Advance(TimeSpan.FromSeconds(30));
        var reused = await Problem.ReadAsync(await app.PostAsync("/_accounts/sign-in/mfa", new { mfaToken, code = Code(secret, clock) }), HttpStatusCode.BadRequest);
        Assert.Equal("mfa_challenge_invalid", reused.Code);
    }

    [Fact]
    public async Task A_code_replayed_within_its_window_is_refused()
    {
        var clock = new ShiftedTime();
        await using var app = await AccountsAppServer.StartAsync(clock: clock);
        var (token, secret, _) = await EnrolledAsync(app, clock);
        clock.Advance(TimeSpan.FromSeconds(30));
        var code = Code(secret, clock);

        await app.JsonAsync(await app.PostAsync("/_accounts/mfa/step-up", new { code }, token), HttpStatusCode.NoContent);

        // Still valid by time, but already accepted: refused, for step-up and for a sign-in alike.
        var replay = await Problem.ReadAsync(await app.PostAsync("/_accounts/mfa/step-up", new { code }, token), HttpStatusCode.BadRequest);
        Assert.Equal("mfa_code_invalid", replay.Code);
        var mfaToken = (await SignInAsync(app)).GetProperty("mfaToken").GetString()!;
        await Problem.ReadAsync(await app.PostAsync("/_accounts/sign-in/mfa", new { mfaToken, code }), HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_backup_code_signs_in_once(bool postgres)
    {
        var clock = new ShiftedTime();
        await using var app = await AccountsAppServer.StartAsync(postgres, clock: clock);
        var (_, _, backupCodes) = await EnrolledAsync(app, clock);

        var mfaToken = (await SignInAsync(app)).GetProperty("mfaToken").GetString()!;
        await app.JsonAsync(await app.PostAsync("/_accounts/sign-in/mfa", new { mfaToken, code = backupCodes[3].ToLowerInvariant() }), HttpStatusCode.OK);

        var again = (await SignInAsync(app)).GetProperty("mfaToken").GetString()!;
        var reused = await Problem.ReadAsync(await app.PostAsync("/_accounts/sign-in/mfa", new { mfaToken = again, code = backupCodes[3] }), HttpStatusCode.BadRequest);
        Assert.Equal("mfa_code_invalid", reused.Code);
        await app.JsonAsync(await app.PostAsync("/_accounts/sign-in/mfa", new { mfaToken = again, code = backupCodes[4] }), HttpStatusCode.OK);
        if (postgres)
        {
            // Stored only as hashes.
            Assert.Equal(10L, await app.Database!.ScalarAsync<long>("select count(*) from bunbase_account_backup_codes"));
            Assert.Equal(0L, await app.Database.ScalarAsync<long>($"select count(*) from bunbase_account_backup_codes where code_hash in ('{string.Join("','", backupCodes)}')"));
        }
    }

    [Fact]
    public async Task A_challenge_is_burned_after_five_wrong_codes_and_the_account_locked_for_a_while()
    {
        var clock = new ShiftedTime();
        await using var app = await AccountsAppServer.StartAsync(clock: clock);
        var (_, secret, _) = await EnrolledAsync(app, clock);
        var mfaToken = (await SignInAsync(app)).GetProperty("mfaToken").GetString()!;

        for (var i = 0; i < 5; i++)
            Assert.Equal("mfa_code_invalid", (await Problem.ReadAsync(await app.PostAsync("/_accounts/sign-in/mfa", new { mfaToken, code = WrongCode(secret, clock) }), HttpStatusCode.BadRequest)).Code);
        clock.Advance(TimeSpan.FromSeconds(30));
        var burned = await Problem.ReadAsync(await app.PostAsync("/_accounts/sign-in/mfa", new { mfaToken, code = Code(secret, clock) }), HttpStatusCode.BadRequest);
        Assert.Equal("mfa_challenge_invalid", burned.Code);

        // A new challenge does not reset the account's count: the right code is refused until the window passes.
        var fresh = (await SignInAsync(app)).GetProperty("mfaToken").GetString()!;
        Assert.Equal("mfa_code_invalid", (await Problem.ReadAsync(await app.PostAsync("/_accounts/sign-in/mfa", new { mfaToken = fresh, code = Code(secret, clock) }), HttpStatusCode.BadRequest)).Code);
        clock.Advance(TimeSpan.FromMinutes(16));
        var later = (await SignInAsync(app)).GetProperty("mfaToken").GetString()!;
        await app.JsonAsync(await app.PostAsync("/_accounts/sign-in/mfa", new { mfaToken = later, code = Code(secret, clock) }), HttpStatusCode.OK);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_step_up_action_is_refused_until_a_recent_mfa_check(bool postgres)
    {
        var clock = new ShiftedTime();
        await using var app = await AccountsAppServer.StartAsync(postgres, clock: clock);
        var (_, secret, _) = await EnrolledAsync(app, clock);
        var other = await app.SignedUpAsync("bob@example.com", mailsBefore: 1);

        // An account without MFA is refused.
        Assert.Equal("mfa_required", (await Problem.ReadAsync(await app.PostAsync("/close-account", new { }, other), HttpStatusCode.Forbidden)).Code);
        await Problem.ReadAsync(await app.PostAsync("/close-account", new { }), HttpStatusCode.Unauthorized);

        // A sign-in with MFA counts as a check; 10 minutes later it no longer does.
        var mfaToken = (await SignInAsync(app)).GetProperty("mfaToken").GetString()!;
        clock.Advance(TimeSpan.FromSeconds(30));
        var session = (await app.JsonAsync(await app.PostAsync("/_accounts/sign-in/mfa", new { mfaToken, code = Code(secret, clock) }), HttpStatusCode.OK)).GetProperty("token").GetString()!;
        await app.JsonAsync(await app.PostAsync("/close-account", new { }, session), HttpStatusCode.NoContent);

        clock.Advance(TimeSpan.FromMinutes(11));
        var stale = await Problem.ReadAsync(await app.PostAsync("/close-account", new { }, session), HttpStatusCode.Forbidden);
        Assert.Equal("mfa_required", stale.Code);

        await app.JsonAsync(await app.PostAsync("/_accounts/mfa/step-up", new { code = Code(secret, clock) }, session), HttpStatusCode.NoContent);
        await app.JsonAsync(await app.PostAsync("/close-account", new { }, session), HttpStatusCode.NoContent);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Parallel_wrong_codes_get_at_most_five_evaluations_and_then_every_code_is_refused(bool postgres)
    {
        var clock = new ShiftedTime();
        await using var app = await AccountsAppServer.StartAsync(postgres, clock: clock);
        var (token, secret, backupCodes) = await EnrolledAsync(app, clock);
        clock.Advance(TimeSpan.FromSeconds(30));
        var wrong = WrongCode(secret, clock);

        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => app.PostAsync("/_accounts/mfa/step-up", new { code = wrong }, token)));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.BadRequest, a.StatusCode));
        Assert.Equal(5L, await app.QueryAsync<long>("select failures from bunbase_account_mfa"));
        Assert.Equal("mfa_code_invalid", (await Problem.ReadAsync(await app.PostAsync("/_accounts/mfa/step-up", new { code = Code(secret, clock) }, token), HttpStatusCode.BadRequest)).Code);
        Assert.Equal("mfa_code_invalid", (await Problem.ReadAsync(await app.PostAsync("/_accounts/mfa/disable", new { code = backupCodes[0] }, token), HttpStatusCode.BadRequest)).Code);
        clock.Advance(TimeSpan.FromMinutes(16));
        await app.JsonAsync(await app.PostAsync("/_accounts/mfa/step-up", new { code = Code(secret, clock) }, token), HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task Disabling_needs_a_current_code_and_then_sign_in_is_one_step_again()
    {
        var clock = new ShiftedTime();
        await using var app = await AccountsAppServer.StartAsync(clock: clock);
        var (token, secret, _) = await EnrolledAsync(app, clock);

        Assert.Equal("mfa_code_invalid", (await Problem.ReadAsync(await app.PostAsync("/_accounts/mfa/disable", new { code = WrongCode(secret, clock) }, token), HttpStatusCode.BadRequest)).Code);
        var enrolAgain = await Problem.ReadAsync(await app.PostAsync("/_accounts/mfa/enroll", new { }, token), HttpStatusCode.Conflict);
        Assert.Equal("mfa_already_enabled", enrolAgain.Code);

        clock.Advance(TimeSpan.FromSeconds(30));
        await app.JsonAsync(await app.PostAsync("/_accounts/mfa/disable", new { code = Code(secret, clock) }, token), HttpStatusCode.NoContent);

        Assert.False((await SignInAsync(app)).GetProperty("mfaRequired").GetBoolean());
    }

    /// <summary>Signs up ada@example.com, enrols and confirms TOTP; the session, the secret and the backup codes.</summary>
    private static async Task<(string Token, string Secret, string[] BackupCodes)> EnrolledAsync(AccountsAppServer app, ShiftedTime clock)
    {
        var token = await app.SignedUpAsync("ada@example.com");
        var secret = (await app.JsonAsync(await app.PostAsync("/_accounts/mfa/enroll", new { }, token), HttpStatusCode.OK)).GetProperty("secret").GetString()!;
        var confirmed = await app.JsonAsync(await app.PostAsync("/_accounts/mfa/confirm", new { code = Code(secret, clock) }, token), HttpStatusCode.OK);
        return (token, secret, [.. confirmed.GetProperty("backupCodes").EnumerateArray().Select(c => c.GetString()!)]);
    }

    private static async Task<JsonElement> SignInAsync(AccountsAppServer app) =>
        await app.JsonAsync(await app.PostAsync("/_accounts/sign-in", new { email = "ada@example.com", password = Password }), HttpStatusCode.OK);

    private static string Code(string secret, TimeProvider clock) =>
        new Totp(Base32Encoding.ToBytes(secret)).ComputeTotp(clock.GetUtcNow().UtcDateTime);

    /// <summary>A code that matches none of the accepted steps (the previous, current and next).</summary>
    private static string WrongCode(string secret, TimeProvider clock)
    {
        var totp = new Totp(Base32Encoding.ToBytes(secret));
        var now = clock.GetUtcNow().UtcDateTime;
        string[] valid = [.. new[] { -60, -30, 0, 30, 60 }.Select(s => totp.ComputeTotp(now.AddSeconds(s)))];
        for (var candidate = 0; ; candidate++)
        {
            var code = candidate.ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
            if (!valid.Contains(code))
                return code;
        }
    }
}
