using System.Net;
using Bunbase.Runtime.Tests.Infrastructure;

namespace Bunbase.Runtime.Tests.Accounts;

/// <summary>Mailed codes (verification, password reset): single use, expiring, attempt-limited, and the same answer and work for unknown emails.</summary>
public sealed class CodeTests
{
    private const string Password = "correct horse battery";

    [Fact]
    public async Task A_reset_code_sets_a_new_password_once_and_ends_every_session()
    {
        await using var app = await AccountsAppServer.StartAsync();
        var token = await app.SignedUpAsync("ada@example.com");

        await app.JsonAsync(await app.PostAsync("/_accounts/password-reset", new { email = "ADA@example.com" }), HttpStatusCode.Accepted);
        var code = await app.CodeAsync(2);
        await app.JsonAsync(await app.PostAsync("/_accounts/password-reset/confirm", new { email = "ada@example.com", code = code.ToLowerInvariant(), password = "a brand new password" }), HttpStatusCode.NoContent);

        await Problem.ReadAsync(await app.SendAsync(HttpMethod.Get, "/_accounts/me", null, token), HttpStatusCode.Unauthorized);
        await Problem.ReadAsync(await app.PostAsync("/_accounts/sign-in", new { email = "ada@example.com", password = Password }), HttpStatusCode.Unauthorized);
        await app.JsonAsync(await app.PostAsync("/_accounts/sign-in", new { email = "ada@example.com", password = "a brand new password" }), HttpStatusCode.OK);

        var reused = await Problem.ReadAsync(await app.PostAsync("/_accounts/password-reset/confirm", new { email = "ada@example.com", code, password = "an attacker's password" }), HttpStatusCode.BadRequest);
        Assert.Equal("code_invalid", reused.Code);
    }

    [Fact]
    public async Task An_expired_code_is_refused()
    {
        var clock = new ShiftedTime();
        await using var app = await AccountsAppServer.StartAsync(clock: clock);
        await app.JsonAsync(await app.PostAsync("/_accounts/sign-up", new { email = "bob@example.com", password = Password }), HttpStatusCode.Accepted);
        var code = await app.CodeAsync(1);

        clock.Advance(TimeSpan.FromMinutes(31));

        var expired = await Problem.ReadAsync(await app.PostAsync("/_accounts/verify-email", new { email = "bob@example.com", code }), HttpStatusCode.BadRequest);
        Assert.Equal("code_invalid", expired.Code);
    }

    [Fact]
    public async Task Wrong_guesses_burn_the_code_after_the_attempt_limit_and_a_new_code_burns_the_old_one()
    {
        await using var app = await AccountsAppServer.StartAsync(accounts: "\"codeAttempts\": 3");
        await app.JsonAsync(await app.PostAsync("/_accounts/sign-up", new { email = "carol@example.com", password = Password }), HttpStatusCode.Accepted);
        var first = await app.CodeAsync(1);

        for (var i = 0; i < 3; i++)
            await Problem.ReadAsync(await app.PostAsync("/_accounts/verify-email", new { email = "carol@example.com", code = "0000000000" }), HttpStatusCode.BadRequest);
        await Problem.ReadAsync(await app.PostAsync("/_accounts/verify-email", new { email = "carol@example.com", code = first }), HttpStatusCode.BadRequest);

        await app.JsonAsync(await app.PostAsync("/_accounts/verify-email/send", new { email = "carol@example.com" }), HttpStatusCode.Accepted);
        var second = await app.CodeAsync(2);
        await app.JsonAsync(await app.PostAsync("/_accounts/verify-email/send", new { email = "carol@example.com" }), HttpStatusCode.Accepted);
        var third = await app.CodeAsync(3);
        await Problem.ReadAsync(await app.PostAsync("/_accounts/verify-email", new { email = "carol@example.com", code = second }), HttpStatusCode.BadRequest);
        await app.JsonAsync(await app.PostAsync("/_accounts/verify-email", new { email = "carol@example.com", code = third }), HttpStatusCode.OK);
    }

    [Fact]
    public async Task Password_reset_answers_and_works_the_same_for_an_unknown_email()
    {
        await using var app = await AccountsAppServer.StartAsync();
        await app.SignedUpAsync("dave@example.com");

        var (known, knownWork) = await MeasureAsync(app, () => app.PostAsync("/_accounts/password-reset", new { email = "dave@example.com" }));
        var (unknown, unknownWork) = await MeasureAsync(app, () => app.PostAsync("/_accounts/password-reset", new { email = "nobody@example.com" }));
        Assert.Equal(known, unknown);
        Assert.Equal(knownWork, unknownWork);

        var (knownConfirm, knownConfirmWork) = await MeasureAsync(app, () => app.PostAsync("/_accounts/password-reset/confirm", new { email = "dave@example.com", code = "0000000000", password = "a brand new password" }));
        var (unknownConfirm, unknownConfirmWork) = await MeasureAsync(app, () => app.PostAsync("/_accounts/password-reset/confirm", new { email = "nobody@example.com", code = "0000000000", password = "a brand new password" }));
        Assert.Equal(Without(knownConfirm, "traceId"), Without(unknownConfirm, "traceId"));
        Assert.Equal(knownConfirmWork, unknownConfirmWork);
        Assert.Equal((0L, 1L), knownConfirmWork);
    }

    [Fact]
    public async Task Sign_up_answers_and_works_the_same_when_the_email_has_an_account()
    {
        await using var app = await AccountsAppServer.StartAsync();

        var (fresh, freshWork) = await MeasureAsync(app, () => app.PostAsync("/_accounts/sign-up", new { email = "eve@example.com", password = Password }));
        var (taken, takenWork) = await MeasureAsync(app, () => app.PostAsync("/_accounts/sign-up", new { email = "EVE@example.com", password = "another password" }));

        Assert.Equal(fresh, taken);
        Assert.Equal(freshWork, takenWork);
        Assert.Equal((1L, 1L), freshWork);
        var mails = await app.Sink.WaitForAsync(2);
        Assert.All(mails, m => Assert.Equal(["eve@example.com"], m.Recipients));
    }

    private static async Task<(string Answer, (long Passwords, long Codes) Work)> MeasureAsync(AccountsAppServer app, Func<Task<HttpResponseMessage>> request)
    {
        var before = app.Work();
        using var response = await request();
        var after = app.Work();
        return ($"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}", (after.Passwords - before.Passwords, after.Codes - before.Codes));
    }

    private static string Without(string answer, string member) =>
        System.Text.RegularExpressions.Regex.Replace(answer, $"\"{member}\":\"[^\"]*\"", "");
}
