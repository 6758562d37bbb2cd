using System.Collections;
using Bunbase.Runtime.Redis;
using Bunbase.Runtime.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Bunbase.Runtime.Tests.Auth.Sessions;

/// <summary>
/// A Redis that keeps sign-outs but could lose them (no append-only file, or eviction under a memory limit) is named
/// at start, with what to change: a lost revocation lets its revoked token work again. Against private servers started
/// with each setting.
/// </summary>
public sealed class RedisDurabilityWarningTests
{
    [Theory]
    [InlineData("", "has no append-only file (appendonly no)", "run it with appendonly yes")]
    [InlineData("--appendonly yes --maxmemory 64mb --maxmemory-policy volatile-lru", "may evict keys (maxmemory 67108864, maxmemory-policy volatile-lru)", "use maxmemory-policy noeviction")]
    public async Task A_redis_that_can_lose_sign_outs_is_warned_about_at_start_with_what_to_change(string settings, string what, string change)
    {
        await using var redis = await PrivateRedis.StartAsync(settings.Split(' ', StringSplitOptions.RemoveEmptyEntries));

        var warning = Assert.Single(await StartAndCheckAsync(redis));

        Assert.Contains(what, warning, StringComparison.Ordinal);
        Assert.Contains(change, warning, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_redis_with_an_append_only_file_and_no_eviction_is_not_warned_about()
    {
        await using var redis = await PrivateRedis.StartAsync("--appendonly", "yes", "--maxmemory", "64mb", "--maxmemory-policy", "noeviction");

        Assert.Empty(await StartAndCheckAsync(redis));
    }

    /// <summary>Starts the app with sessions on the Redis, waits for the check (at most 30 s), and returns the warnings it logged.</summary>
    private static async Task<List<string>> StartAndCheckAsync(PrivateRedis redis)
    {
        var logs = new WarningLog();
        await using var server = await AppServer.StartAsync(
            variables: new Hashtable { ["REDIS_URL"] = redis.Url },
            host: h => h.ConfigureServices = services => services.AddSingleton<ILoggerProvider>(logs));
        var check = server.Services.GetServices<IHostedService>().OfType<RedisDurabilityCheck>().Single();
        await check.Checked.WaitAsync(TimeSpan.FromSeconds(30));
        return [.. logs.Records.Where(r => r.Contains("Redis at", StringComparison.Ordinal))];
    }
}
