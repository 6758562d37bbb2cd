using Bunbase.Runtime.Auth;
using Bunbase.Runtime.Auth.Sessions;
using Bunbase.Runtime.Configuration;
using Bunbase.Runtime.Kv;
using Bunbase.Runtime.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Bunbase.Runtime.Json;

namespace Bunbase.Runtime.Tests.Auth.Sessions;

/// <summary>
/// "Sign out everywhere" as a session generation: decided without comparing clocks. Two instances
/// share the embedded database's key-value table, whose expiry follows the fake clock.
/// </summary>
public sealed class SessionGenerationTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _clock = new(Start);
    private EmbeddedDatabase _embedded = null!;

    public async Task InitializeAsync() => _embedded = await EmbeddedDatabase.CreateWithKeyValueTableAsync();

    public async Task DisposeAsync() => await _embedded.DisposeAsync();

    [Fact]
    public async Task A_session_signed_in_the_same_millisecond_as_sign_out_everywhere_is_ended_by_it()
    {
        var instance = NewInstance(_clock);
        var laptop = await instance.SignInAsync("ann");

        // The clock does not move: a time comparison cannot tell the two apart.
        await instance.Revocations.RevokeAllAsync("ann", CancellationToken.None);

        Assert.Equal(SessionFailure.Revoked, await instance.CheckAsync(laptop));
    }

    [Fact]
    public async Task A_sign_in_after_sign_out_everywhere_survives_it_even_on_an_instance_that_cached_the_older_record()
    {
        var first = NewInstance(_clock);
        var second = NewInstance(_clock);
        var old = await second.SignInAsync("ann");
        Assert.Equal(SessionFailure.None, await second.CheckAsync(old));

        await first.Revocations.RevokeAllAsync("ann", CancellationToken.None);
        var fresh = await second.SignInAsync("ann");

        Assert.Equal(1, fresh.Generation);
        Assert.Equal(SessionFailure.None, await second.CheckAsync(fresh));
        Assert.Equal(SessionFailure.None, await first.CheckAsync(fresh));
        Assert.Equal(SessionFailure.Revoked, await first.CheckAsync(old));
    }

    [Fact]
    public async Task An_instance_whose_clock_is_behind_still_ends_sessions_signed_in_on_another()
    {
        var ahead = NewInstance(_clock);
        var behind = NewInstance(new FakeTimeProvider(Start - TimeSpan.FromMinutes(1)));
        var session = await ahead.SignInAsync("ann");

        await behind.Revocations.RevokeAllAsync("ann", CancellationToken.None);

        Assert.Equal(SessionFailure.Revoked, await behind.CheckAsync(session));
    }

    [Fact]
    public async Task Every_sign_in_keeps_the_record_alive_so_a_later_sign_out_everywhere_still_counts_past_its_generation()
    {
        var instance = NewInstance(_clock);
        await instance.Revocations.RevokeAllAsync("ann", CancellationToken.None);

        // 29 days on, a sign-in in generation 1; the record was written 29 days ago and lives 30 days and 30 s.
        _clock.Advance(TimeSpan.FromDays(29));
        var late = await instance.SignInAsync("ann");
        Assert.Equal(1, late.Generation);

        // Had the record expired on day 30, this would write generation 1 again and the late session would survive.
        _clock.Advance(TimeSpan.FromDays(2));
        await instance.Revocations.RevokeAllAsync("ann", CancellationToken.None);

        Assert.Equal(SessionFailure.Revoked, await instance.CheckAsync(late));
        Assert.Equal(2, (await instance.SignInAsync("ann")).Generation);
    }

    [Fact]
    public async Task Sign_out_everywhere_of_one_user_leaves_other_users_and_single_sign_outs_alone()
    {
        var instance = NewInstance(_clock);
        var ann = await instance.SignInAsync("ann");
        var bob = await instance.SignInAsync("bob");
        var bobOther = await instance.SignInAsync("bob");

        await instance.Revocations.RevokeAsync(bob, CancellationToken.None);
        await instance.Revocations.RevokeAllAsync("ann", CancellationToken.None);

        Assert.Equal(SessionFailure.Revoked, await instance.CheckAsync(ann));
        Assert.Equal(SessionFailure.Revoked, await instance.CheckAsync(bob));
        Assert.Equal(SessionFailure.None, await instance.CheckAsync(bobOther));
    }

    /// <summary>One application instance: its own caches and clock, the shared store.</summary>
    private AppInstance NewInstance(TimeProvider clock)
    {
        var options = new BunbaseOptions { Name = "unit" };
        options.Auth.SessionSecret = "unit-test-secret-unit-test-secret-unit-test-secret";
        var settings = AuthSettings.Create(options, isDevelopment: false);
        var kv = new SqlKeyValueStore(_embedded.Database, "unit:auth:", new KvJson(new JsonContracts().Options), _clock);
        var store = new AuthStore(kv, options, clock, NullLogger<AuthStore>.Instance);
        return new AppInstance(
            new SessionTokens(SessionKeyRing.Create(options.Auth, isDevelopment: false, null), settings, clock),
            new SessionRevocations(store, settings, clock, []),
            clock);
    }

    private sealed record AppInstance(SessionTokens Tokens, SessionRevocations Revocations, TimeProvider Clock)
    {
        /// <summary>A sign-in as <c>ctx.Auth.SignIn</c> makes it: the generation from the store, then the token.</summary>
        public async Task<SessionTicket> SignInAsync(string userId) =>
            Tokens.SignIn(new SessionUser(userId), await Revocations.GenerationForSignInAsync(userId, CancellationToken.None));

        public async Task<SessionFailure> CheckAsync(SessionTicket ticket) => await Revocations.CheckAsync(ticket, Clock.GetUtcNow());
    }
}
