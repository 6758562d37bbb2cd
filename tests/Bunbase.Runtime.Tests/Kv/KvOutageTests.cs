using System.Collections;
using System.Net;
using Bunbase.Runtime.Tests.Infrastructure;

namespace Bunbase.Runtime.Tests.Kv;

/// <summary>ctx.Kv on Redis during an outage: a dependency outage (503 kv_unavailable), never a 500.</summary>
public sealed class KvOutageTests
{
    [Theory]
    [InlineData("stopped")]
    [InlineData("hung")]
    public async Task A_kv_call_while_redis_is_out_answers_503_kv_unavailable(string outage)
    {
        await using var redis = await PrivateRedis.StartAsync();
        await using var server = await AppServer.StartAsync(
            extraConfig: """ "redis": { "timeoutMs": 100, "connectTimeoutMs": 500 } """,
            variables: new Hashtable { ["REDIS_URL"] = redis.Url });
        var key = $"k-{Guid.NewGuid():N}";
        Assert.Equal(HttpStatusCode.OK, (await server.Client.PostAsync($"/kv/{key}/increment", null)).StatusCode);

        if (outage == "stopped")
            await redis.StopServerAsync();
        else
            await redis.PauseAsync(TimeSpan.FromSeconds(60));

        for (var i = 0; i < 3; i++)
        {
            using var response = await server.Client.PostAsync($"/kv/{key}/increment", null);
            var problem = await Problem.ReadAsync(response, HttpStatusCode.ServiceUnavailable);
            Assert.Equal("kv_unavailable", problem.Code);
            Assert.Contains("key-value store", problem.Detail, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Once_redis_is_back_kv_calls_succeed_again()
    {
        await using var redis = await PrivateRedis.StartAsync();
        await using var server = await AppServer.StartAsync(
            extraConfig: """ "redis": { "timeoutMs": 100, "connectTimeoutMs": 500 } """,
            variables: new Hashtable { ["REDIS_URL"] = redis.Url });
        var key = $"k-{Guid.NewGuid():N}";
        await redis.StopServerAsync();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await server.Client.PostAsync($"/kv/{key}/increment", null)).StatusCode);

        await redis.StartServerAsync();
        await Eventually.TrueAsync(
            async () => (await server.Client.PostAsync($"/kv/{key}/increment", null)).StatusCode == HttpStatusCode.OK,
            "a kv call succeeding once Redis answers again");
    }
}
