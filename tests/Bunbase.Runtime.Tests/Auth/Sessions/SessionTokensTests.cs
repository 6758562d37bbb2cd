using Bunbase.Runtime.Auth;
using Bunbase.Runtime.Auth.Sessions;
using Bunbase.Runtime.Configuration;
using Bunbase.Runtime.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace Bunbase.Runtime.Tests.Auth.Sessions;

/// <summary>Issuing and checking tokens, on a fake clock.</summary>
public sealed class SessionTokensTests
{
    private const string Secret = "unit-test-secret-unit-test-secret-unit-test-secret";
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 6, 1, 12, 0, 0, TimeSpan.Zero));
    [Fact]
    public async Task An_issued_token_checks_out_with_its_user_and_times()
    {
        var tokens = Tokens();
        var user = new SessionUser("ann") { Roles = ["admin"], Permissions = ["tasks:*"], Claims = new Dictionary<string, string> { ["name"] = "Ann" } };

        var issued = tokens.SignIn(user);
        var check = await Tokens().CheckAsync(issued.Token);

        var ticket = Assert.IsType<SessionTicket>(check.Ticket);
        Assert.Equal("ann", ticket.User.Id);
        Assert.Equal(["admin"], ticket.User.Roles);
        Assert.Equal(["tasks:*"], ticket.User.Permissions);
        Assert.Equal("Ann", ticket.User.Claims["name"]);
        Assert.Equal(issued.SessionId, ticket.SessionId);
        Assert.Equal(_clock.GetUtcNow(), ticket.SignedInAt);
        Assert.Equal(_clock.GetUtcNow() + TimeSpan.FromDays(7), ticket.ExpiresAt);
        Assert.Equal("default", ticket.KeyId);
        Assert.Equal("""{"alg":"HS256","kid":"default","typ":"JWT"}""", TokenForge.ReadHeader(issued.Token).ToJsonString());
    }

    [Fact]
    public async Task A_token_is_accepted_within_the_clock_skew_after_expiry_and_refused_after_it()
    {
        var issued = Tokens().SignIn(new SessionUser("ann"));

        _clock.Advance(TimeSpan.FromDays(7) + TimeSpan.FromSeconds(29));
        var withinSkew = await Tokens().CheckAsync(issued.Token);
        _clock.Advance(TimeSpan.FromSeconds(1));
        var past = await Tokens().CheckAsync(issued.Token);

        Assert.NotNull(withinSkew.Ticket);
        Assert.Equal(SessionFailure.Expired, past.Failure);
    }

    [Fact]
    public async Task A_cached_token_still_expires()
    {
        var tokens = Tokens();
        var issued = tokens.SignIn(new SessionUser("ann"));
        Assert.NotNull((await tokens.CheckAsync(issued.Token)).Ticket);

        _clock.Advance(TimeSpan.FromDays(8));

        Assert.Equal(SessionFailure.Expired, (await tokens.CheckAsync(issued.Token)).Failure);
    }

    [Fact]
    public async Task A_token_issued_in_the_future_beyond_the_skew_is_invalid()
    {
        var payload = TokenForge.Payload("unit", "ann", issuedAgo: TimeSpan.FromMinutes(-5), expiresIn: TimeSpan.FromDays(1), now: _clock.GetUtcNow());

        var check = await Tokens().CheckAsync(TokenForge.Sign(payload, Secret));

        Assert.Equal(SessionFailure.Invalid, check.Failure);
    }

    [Fact]
    public async Task A_token_without_session_claims_is_invalid_even_when_signed_with_the_key()
    {
        var payload = TokenForge.Payload("unit", "ann", TimeSpan.Zero, TimeSpan.FromDays(1), now: _clock.GetUtcNow());
        payload.Remove("sid");

        Assert.Equal(SessionFailure.Invalid, (await Tokens().CheckAsync(TokenForge.Sign(payload, Secret))).Failure);
    }

    [Fact]
    public async Task A_token_longer_than_a_cookie_can_hold_is_too_large()
    {
        var check = await Tokens().CheckAsync(new string('a', SessionTokens.MaxTokenLength + 1));

        Assert.Equal(SessionFailure.TooLarge, check.Failure);
    }

    [Fact]
    public async Task Renewal_keeps_the_session_its_generation_and_its_sign_in_time_and_never_passes_the_absolute_limit()
    {
        var tokens = Tokens();
        var first = tokens.SignIn(new SessionUser("ann") { Roles = ["admin"] }, generation: 3);

        _clock.Advance(TimeSpan.FromDays(4));
        Assert.True(first.IsPastHalfLife(_clock.GetUtcNow()));
        var renewed = tokens.Renew(first);

        Assert.Equal(first.SessionId, renewed.SessionId);
        Assert.Equal(3, renewed.Generation);
        Assert.Equal(3, (await Tokens().CheckAsync(renewed.Token)).Ticket!.Generation);
        Assert.Equal(first.SignedInAt, renewed.SignedInAt);
        Assert.Equal(["admin"], renewed.User.Roles);
        Assert.Equal(_clock.GetUtcNow() + TimeSpan.FromDays(7), renewed.ExpiresAt);

        // 30 days after sign-in the session ends, however recently it was renewed.
        _clock.Advance(TimeSpan.FromDays(24));
        var last = tokens.Renew(renewed);
        Assert.Equal(first.SignedInAt + TimeSpan.FromDays(30), last.ExpiresAt);
        Assert.False(tokens.CanExtend(last));
    }

    [Fact]
    public void Concurrent_requests_past_half_life_share_one_renewal()
    {
        var tokens = Tokens();
        var ticket = tokens.SignIn(new SessionUser("ann"));
        _clock.Advance(TimeSpan.FromDays(4));

        var renewals = Enumerable.Range(0, 8).AsParallel().Select(_ => ticket.Renewal(tokens.Renew)).Distinct().ToList();

        Assert.Single(renewals);
    }

    [Fact]
    public async Task A_rotated_out_key_still_verifies_while_listed_and_new_tokens_use_the_newest()
    {
        var oldToken = Tokens(Keys(("old", Secret))).SignIn(new SessionUser("ann")).Token;
        var rotated = Tokens(Keys(("new", Secret + "-new"), ("old", Secret)));
        var dropped = Tokens(Keys(("new", Secret + "-new")));

        Assert.NotNull((await rotated.CheckAsync(oldToken)).Ticket);
        Assert.Equal("new", rotated.SignIn(new SessionUser("bob")).KeyId);
        Assert.Equal(SessionFailure.Invalid, (await dropped.CheckAsync(oldToken)).Failure);
    }

    [Theory]
    [InlineData("", null, null)]
    [InlineData("ann", "", null)]
    [InlineData("ann", null, "tasks:*:own")]
    [InlineData("ann", null, "tasks write")]
    [InlineData("ann", null, "")]
    public void Sign_in_refuses_a_user_it_cannot_represent(string id, string? role, string? permission)
    {
        var user = new SessionUser(id) { Roles = role is null ? [] : [role], Permissions = permission is null ? [] : [permission] };

        Assert.Throws<ArgumentException>(() => Tokens().SignIn(user));
    }

    [Fact]
    public void Sign_in_refuses_a_session_that_would_not_fit_in_a_cookie()
    {
        var user = new SessionUser("ann") { Permissions = Enumerable.Range(0, 400).Select(i => $"permission:{i}").ToArray() };

        var error = Assert.Throws<ArgumentException>(() => Tokens().SignIn(user));

        Assert.Contains("over the 4096", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_key_sign_in_says_what_to_configure()
    {
        var options = new BunbaseOptions { Name = "unit" };
        var tokens = new SessionTokens(SessionKeyRing.Create(options.Auth, isDevelopment: false, null), AuthSettings.Create(options, isDevelopment: false), _clock);

        var error = Assert.Throws<InvalidOperationException>(() => tokens.SignIn(new SessionUser("ann")));

        Assert.Contains("auth.sessionSecret", error.Message, StringComparison.Ordinal);
    }

    private static SessionKeyOptions[] Keys(params (string Id, string Secret)[] keys) =>
        keys.Select(k => new SessionKeyOptions { Id = k.Id, Secret = k.Secret }).ToArray();

    private SessionTokens Tokens(SessionKeyOptions[]? keys = null)
    {
        var options = new BunbaseOptions { Name = "unit" };
        if (keys is null)
            options.Auth.SessionSecret = Secret;
        else
            options.Auth.Keys = keys;
        return new SessionTokens(SessionKeyRing.Create(options.Auth, isDevelopment: false, null), AuthSettings.Create(options, isDevelopment: false), _clock);
    }
}
