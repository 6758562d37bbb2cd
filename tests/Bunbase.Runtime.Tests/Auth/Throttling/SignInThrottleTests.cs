using System.Collections;
using System.Net;
using System.Text;
using Bunbase.Runtime.Auth;
using Bunbase.Runtime.Auth.Passwords;
using Bunbase.Runtime.Auth.Throttling;
using Bunbase.Runtime.Configuration;
using Bunbase.Runtime.Kv;
using Bunbase.Runtime.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Bunbase.Runtime.Json;

namespace Bunbase.Runtime.Tests.Auth.Throttling;

/// <summary>Failed sign-ins slowed, then locked, per identifier; on a fake clock, then over HTTP and Redis.</summary>
public sealed class SignInThrottleTests : IAsyncLifetime
{
    private const string Password = "correct horse battery staple";
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 6, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly PasswordHashing _passwords = new(10_000);
    private EmbeddedDatabase _embedded = null!;

    /// <summary>Failures are kept in the embedded database's key-value table, whose expiry follows the fake clock.</summary>
    public async Task InitializeAsync() => _embedded = await EmbeddedDatabase.CreateWithKeyValueTableAsync();

    public async Task DisposeAsync() => await _embedded.DisposeAsync();

    [Fact]
    public async Task Free_attempts_then_growing_waits_then_a_lock_that_ends()
    {
        var throttle = Throttle();
        var hash = _passwords.Hash(Password);

        for (var i = 0; i < 5; i++)
            await AssertWrongAsync(throttle, hash);

        // Five failures are free, no more: the 6th attempt, made at once, is refused with how long to wait.
        var sixth = await RefusedAsync(throttle, hash);
        Assert.Equal("sign_in_throttled", sixth.Code);
        Assert.Equal(TimeSpan.FromSeconds(1), sixth.RetryAfter);

        var waits = new List<TimeSpan>();
        for (var failure = 6; failure <= 9; failure++)
        {
            _clock.Advance(TimeSpan.FromSeconds(60));
            await AssertWrongAsync(throttle, hash);
            var refused = await RefusedAsync(throttle, hash);
            Assert.Equal("sign_in_throttled", refused.Code);
            waits.Add(refused.RetryAfter);
        }

        Assert.Equal([TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(8), TimeSpan.FromSeconds(16)], waits);

        // The 10th failure locks for 5 minutes; even the right password waits.
        _clock.Advance(TimeSpan.FromSeconds(60));
        await AssertWrongAsync(throttle, hash);
        var locked = await RefusedAsync(throttle, hash, Password);
        Assert.Equal("sign_in_locked", locked.Code);
        Assert.Equal(TimeSpan.FromMinutes(5), locked.RetryAfter);

        _clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(PasswordVerification.Succeeded, await throttle.VerifyAsync("ann@example.com", hash, Password, CancellationToken.None));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(5)]
    public async Task Exactly_the_configured_free_failures_are_allowed_at_once(int free)
    {
        var options = new BunbaseOptions { Name = "unit" };
        options.Auth.SignIn.FreeAttempts = free;
        var throttle = Throttle(options);
        var hash = _passwords.Hash(Password);

        for (var i = 0; i < free; i++)
            await AssertWrongAsync(throttle, hash);

        // The next attempt waits, whatever its password.
        Assert.Equal(TimeSpan.FromSeconds(1), (await RefusedAsync(throttle, hash, Password)).RetryAfter);
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(PasswordVerification.Succeeded, await throttle.VerifyAsync("ann@example.com", hash, Password, CancellationToken.None));
    }

    [Fact]
    public async Task A_success_resets_the_count()
    {
        var throttle = Throttle();
        var hash = _passwords.Hash(Password);
        for (var i = 0; i < 4; i++)
            await AssertWrongAsync(throttle, hash);

        await throttle.VerifyAsync("ann@example.com", hash, Password, CancellationToken.None);

        for (var i = 0; i < 5; i++)
            await AssertWrongAsync(throttle, hash);
        await RefusedAsync(throttle, hash);
    }

    [Fact]
    public async Task Unknown_identifiers_are_throttled_alike_and_identifiers_compare_trimmed_and_case_blind()
    {
        var throttle = Throttle();
        for (var i = 0; i < 5; i++)
            await Assert.ThrowsAsync<UnauthorizedException>(() => throttle.VerifyAsync(i % 2 == 0 ? "Nobody@Example.com " : "nobody@example.com", null, "guess", CancellationToken.None));

        var refused = await Assert.ThrowsAsync<TooManyRequestsException>(() => throttle.VerifyAsync("NOBODY@example.com", null, "guess", CancellationToken.None));

        Assert.Equal("sign_in_throttled", refused.Code);
    }

    [Fact]
    public async Task Composed_and_decomposed_spellings_of_an_identifier_are_throttled_together()
    {
        var throttle = Throttle();
        for (var i = 0; i < 5; i++)
            await Assert.ThrowsAsync<UnauthorizedException>(() => throttle.VerifyAsync(i % 2 == 0 ? "ren\u00E9@example.com" : "RENE\u0301@example.com", null, "guess", CancellationToken.None));

        var refused = await Assert.ThrowsAsync<TooManyRequestsException>(() => throttle.VerifyAsync("Rene\u0301@Example.com", null, "guess", CancellationToken.None));

        Assert.Equal("sign_in_throttled", refused.Code);
    }

    [Fact]
    public async Task Concurrent_guesses_are_each_counted()
    {
        var throttle = Throttle();
        var hash = _passwords.Hash(Password);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => Task.Run(async () =>
        {
            try
            {
                await throttle.VerifyAsync("ann@example.com", hash, "guess", CancellationToken.None);
                return "signed in";
            }
            catch (ActionException ex)
            {
                return ex.Code;
            }
        })));

        // Five free failures; every other concurrent guess waits.
        Assert.Equal(5, outcomes.Count(o => o == "invalid_credentials"));
        Assert.Equal(7, outcomes.Count(o => o.StartsWith("sign_in_", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Over_http_failures_are_401_then_429_with_retry_after_and_the_right_password_still_works_later()
    {
        await using var server = await AppServer.StartAsync(extraConfig: $$"""
            "auth": { "sessionSecret": "{{AppServer.SessionSecret}}", "passwordIterations": 10000, "signIn": { "freeAttempts": 2, "delay": "5s", "lockAfter": 4 } }
            """);
        // The wait (5 s) is long enough that the third attempt falls inside it on a loaded machine.
        using var client = TestSessions.PlainClient(server);

        var first = await Problem.ReadAsync(await SignInAsync(client, "wrong"), HttpStatusCode.Unauthorized);
        var second = await Problem.ReadAsync(await SignInAsync(client, "wrong"), HttpStatusCode.Unauthorized);
        using var throttled = await SignInAsync(client, Password);

        Assert.Equal("invalid_credentials", first.Code);
        Assert.Equal("invalid_credentials", second.Code);
        Assert.Equal("sign_in_throttled", (await Problem.ReadAsync(throttled, HttpStatusCode.TooManyRequests)).Code);
        Assert.InRange(throttled.Headers.RetryAfter?.Delta ?? TimeSpan.Zero, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5));

        // Bounded: the wait is 5 s; try for at most 20 s.
        HttpStatusCode status = HttpStatusCode.TooManyRequests;
        for (var i = 0; i < 100 && status == HttpStatusCode.TooManyRequests; i++)
        {
            await Task.Delay(200);
            status = (await SignInAsync(client, Password)).StatusCode;
        }

        Assert.Equal(HttpStatusCode.OK, status);
    }

    [Fact]
    public async Task Instances_sharing_redis_count_failures_together()
    {
        var name = $"throttle-{Guid.NewGuid():N}";
        // Past the free failures each attempt waits 1 ms: the other instance's next request is always later than that.
        var config = $$""" "auth": { "sessionSecret": "{{AppServer.SessionSecret}}", "passwordIterations": 10000, "signIn": { "freeAttempts": 2, "delay": "1ms", "lockAfter": 3, "lockFor": "1h" } } """;
        var redis = new Hashtable { ["REDIS_URL"] = TestServices.RedisUrl };
        await using var first = await AppServer.StartAsync(extraConfig: config, variables: redis, name: name);
        await using var second = await AppServer.StartAsync(extraConfig: config, variables: redis, name: name);
        using var a = TestSessions.PlainClient(first);
        using var b = TestSessions.PlainClient(second);

        await SignInAsync(a, "wrong");
        await SignInAsync(b, "wrong");
        await SignInAsync(a, "wrong");
        using var locked = await SignInAsync(b, Password);

        Assert.Equal("sign_in_locked", (await Problem.ReadAsync(locked, HttpStatusCode.TooManyRequests)).Code);
        Assert.InRange(locked.Headers.RetryAfter!.Delta!.Value.TotalMinutes, 59, 60);
    }

    [Fact]
    public async Task With_the_store_unreachable_and_the_policy_closed_sign_in_answers_503()
    {
        await using var server = await AppServer.StartAsync(
            extraConfig: $$""" "redis": { "timeoutMs": 200, "connectTimeoutMs": 200 }, "auth": { "sessionSecret": "{{AppServer.SessionSecret}}", "passwordIterations": 10000 } """,
            variables: new Hashtable { ["REDIS_URL"] = "redis://127.0.0.1:1" });
        using var client = TestSessions.PlainClient(server);

        var problem = await Problem.ReadAsync(await SignInAsync(client, Password), HttpStatusCode.ServiceUnavailable);

        Assert.Equal("sign_in_unavailable", problem.Code);
    }

    private static Task<HttpResponseMessage> SignInAsync(HttpClient client, string password) =>
        client.PostAsync("/auth/sign-in", new StringContent($$"""{"email":"ann@example.com","password":"{{password}}"}""", Encoding.UTF8, "application/json"));

    private static async Task AssertWrongAsync(SignInThrottle throttle, string hash)
    {
        var error = await Assert.ThrowsAsync<UnauthorizedException>(() => throttle.VerifyAsync("ann@example.com", hash, "wrong", CancellationToken.None));
        Assert.Equal("invalid_credentials", error.Code);
    }

    private static Task<TooManyRequestsException> RefusedAsync(SignInThrottle throttle, string hash, string password = "wrong") =>
        Assert.ThrowsAsync<TooManyRequestsException>(() => throttle.VerifyAsync("ann@example.com", hash, password, CancellationToken.None));

    private SignInThrottle Throttle(BunbaseOptions? options = null)
    {
        options ??= new BunbaseOptions { Name = "unit" };
        var settings = AuthSettings.Create(options, isDevelopment: false);
        var store = new AuthStore(new SqlKeyValueStore(_embedded.Database, "unit:auth:", new KvJson(new JsonContracts().Options), _clock), options, _clock, NullLogger<AuthStore>.Instance);
        return new SignInThrottle(store, _passwords, settings, _clock);
    }
}
