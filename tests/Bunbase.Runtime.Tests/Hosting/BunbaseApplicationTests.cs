using Bunbase.Runtime.Tests.Infrastructure;
using Bunbase.Runtime.Foundation;

namespace Bunbase.Runtime.Tests.Hosting;

public sealed class BunbaseApplicationTests
{
    [Theory]
    [InlineData(""" "openapi": { "path": "/hello" } """, "openapi.path")]
    [InlineData(""" "docs": { "path": "/reference" } """, "")]
    [InlineData(""" "docs": { "path": "/bind" } """, "docs.path")]
    public async Task An_action_on_the_document_or_docs_path_stops_start_up(string config, string key)
    {
        if (key.Length == 0)
        {
            // No action lives under /reference in the fixture app: start-up goes on.
            await using var server = await AppServer.StartAsync(extraConfig: config);
            return;
        }

        var error = await Assert.ThrowsAsync<StartupException>(() => AppServer.StartAsync(extraConfig: config));

        Assert.Contains(key, error.Message, StringComparison.Ordinal);
        Assert.Contains("Action '", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_malformed_redis_url_stops_start_up_without_echoing_the_password()
    {
        var error = await Assert.ThrowsAsync<StartupException>(() => AppServer.StartAsync(
            variables: new System.Collections.Hashtable { ["REDIS_URL"] = "http://user:hunter2@cache:6379" }));

        Assert.Contains("redis.url", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", error.Message, StringComparison.Ordinal);
    }
}
