using System.Net;
using Bunbase.Runtime.Tests.Infrastructure;

namespace Bunbase.Runtime.Tests.ActionLog;

/// <summary>An action in a module is known by its namespaced name in the run log and the metrics.</summary>
public sealed class ModuleRunLogTests
{
    [Fact]
    public async Task Runs_and_metrics_name_the_module_and_the_action()
    {
        await using var app = await KitApp.StartAsync(postgres: true, settings: ("BUNBASE__QUEUE__ENABLED", "false"));
        var runner = await app.SignInAsync("runner");

        using (var listed = await runner.Http.GetAsync(new Uri("/tasks", UriKind.Relative)))
            Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
        using (var refused = await app.Client.GetAsync(new Uri("/back-office/users", UriKind.Relative)))
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);

        var list = Assert.Single(await app.Runs.ListAsync("tasks.list"));
        var users = Assert.Single(await app.Runs.ListAsync("back-office.users.list"));
        Assert.Equal(("ok", 200), (list.Status, list.HttpStatus));
        Assert.Equal(("rejected", 401), (users.Status, users.HttpStatus));
        Assert.DoesNotContain(await app.Runs.ListAsync(), r => r.Action is "list" or "users.list");

        var metrics = await MetricsText.ScrapeAsync(app.Client);
        Assert.Equal(1, metrics.Value("bunbase_action_executions_total", ("action", "tasks.list"), ("status", "ok")));
        Assert.Equal(1, metrics.Value("bunbase_http_requests_total", ("method", "GET"), ("route", "/tasks"), ("status", "200")));
    }
}
