using System.Collections;
using System.Net;
using Bunbase.Runtime.Auth;
using Bunbase.Runtime.RateLimiting;
using Bunbase.Runtime.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Logs;

namespace Bunbase.Runtime.Tests.Observability;

/// <summary>Store failures are counted every time and logged once per <c>rateLimit.failureLogIntervalMs</c>: never zero times.</summary>
public sealed class StoreFailureLogTests
{
    private readonly SpanCollector _collector = new();

    [Fact]
    public async Task Rate_limiter_and_auth_store_failures_are_each_logged_once_within_the_interval()
    {
        // Nothing listens on port 1; a long interval makes "once" exact however slow the machine.
        await using var server = await AppServer.StartAsync(
            extraConfig: $$""" "redis": { "timeoutMs": 100, "connectTimeoutMs": 200 }, "rateLimit": { "failureLogIntervalMs": 3600000 }, "auth": { "sessionSecret": "{{AppServer.SessionSecret}}" } """,
            variables: new Hashtable { ["REDIS_URL"] = "redis://127.0.0.1:1" },
            host: host => host.ConfigureLogExport = logs => logs.AddInMemoryExporter(_collector.Logs));
        using var client = TestSessions.PlainClient(server);
        var token = await TestSessions.StartAsync(client, "ann");

        for (var i = 0; i < 12; i++)
        {
            using var limited = await client.GetAsync("/limited-burst");
            Assert.Equal(HttpStatusCode.OK, limited.StatusCode); // rateLimit.onStoreFailure Open
            using var me = await client.SendAsync(TestSessions.WithBearer(HttpMethod.Get, "/auth/me", token));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, me.StatusCode); // auth.onStoreFailure Closed
        }

        Assert.True(server.Services.GetRequiredService<RateLimitGate>().StoreFailures >= 12);
        Assert.True(server.Services.GetRequiredService<AuthStore>().Failures >= 2);
        Assert.Single(Warnings(typeof(RateLimitGate)));
        Assert.Single(Warnings(typeof(AuthStore)));
    }

    private LogRecord[] Warnings(Type category) =>
        [.. _collector.Logs.Where(l => l.CategoryName == category.FullName && l.LogLevel == LogLevel.Warning)];
}
