using System.Net;
using Bunbase.Runtime.Tests.Infrastructure;

namespace Bunbase.Runtime.Tests.ActionLog;

/// <summary>An action in a module is known by its namespaced name in the run log and the metrics.</summary>
public sealed class ModuleRunLogTests : IAsyncLifetime
{
    private TestDatabase _database = null!;

    public async Task InitializeAsync() => _database = await TestDatabase.CreateAsync();

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task Runs_and_metrics_name_the_module_and_the_action()
    {
        await using var app = await AppServer.StartAsync(extraConfig: $$"""
            "database": { "url": "{{_database.Url}}" },
            "queue": { "enabled": false },
            "persistence": { "flushIntervalMs": 50 }
            """);
        var token = await TestSessions.StartAsync(app.Client, "runner");

        using (var listed = await app.Client.SendAsync(TestSessions.WithBearer(HttpMethod.Get, "/tasks", token)))
            Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
        using (var refused = await app.Client.GetAsync("/back-office/users"))
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);

        await Eventually.TrueAsync(async () => await CountAsync("action = 'tasks.list' and status = 'ok' and http_status = 200") == 1, "the list run");
        await Eventually.TrueAsync(async () => await CountAsync("action = 'back-office.users.list' and status = 'rejected' and http_status = 401") == 1, "the refused run");
        Assert.Equal(0, await CountAsync("action in ('list', 'users.list')"));

        var metrics = await MetricsText.ScrapeAsync(app.Client);
        Assert.Equal(1, metrics.Value("bunbase_action_executions_total", ("action", "tasks.list"), ("status", "ok")));
        Assert.Equal(1, metrics.Value("bunbase_http_requests_total", ("method", "GET"), ("route", "/tasks"), ("status", "200")));
    }

    private Task<long> CountAsync(string where) =>
        _database.ScalarAsync<long>($"select count(*) from bunbase_action_runs where {where}");
}
