using System.Net;
using System.Text.Json;
using Bunbase.Runtime.Tests.Infrastructure;

namespace Bunbase.Runtime.Tests.Observability;

/// <summary>Health answers for anyone; what each check found (the database's file or host, its errors) only for operators outside Development.</summary>
public sealed class HealthEndpointsTests
{
    [Fact]
    public async Task Outside_development_anonymous_callers_see_statuses_but_no_details()
    {
        await using var app = await AppServer.StartAsync();

        foreach (var path in new[] { "/_health", "/_health/ready" })
        {
            using var response = await app.Client.GetAsync(path);
            var text = await response.Content.ReadAsStringAsync();

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.DoesNotContain("data.db", text, StringComparison.Ordinal);
            Assert.DoesNotContain("SQLite", text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("description", text, StringComparison.Ordinal);
            var database = JsonDocument.Parse(text).RootElement.GetProperty("checks").GetProperty("database");
            Assert.Equal("Healthy", database.GetProperty("status").GetString());
        }
    }

    [Fact]
    public async Task Probes_read_with_get_or_head_and_other_methods_are_a_405_problem()
    {
        await using var app = await AppServer.StartAsync();

        foreach (var path in new[] { "/_health", "/_health/live", "/_health/ready", "/_metrics" })
        {
            using var head = await app.Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, path));
            Assert.Equal(HttpStatusCode.OK, head.StatusCode);

            foreach (var method in new[] { HttpMethod.Post, HttpMethod.Put, HttpMethod.Delete, HttpMethod.Patch })
            {
                using var response = await app.Client.SendAsync(new HttpRequestMessage(method, path));
                var problem = await Problem.ReadAsync(response, HttpStatusCode.MethodNotAllowed);
                Assert.Equal("method_not_allowed", problem.Code);
                Assert.Equal(["GET", "HEAD"], response.Content.Headers.Allow);
            }
        }
    }

    [Fact]
    public async Task Outside_development_a_session_without_the_admin_role_sees_no_details()
    {
        await using var app = await AppServer.StartAsync();
        var token = await TestSessions.StartAsync(app.Client, "user-1", roles: ["member"]);

        using var response = await app.Client.SendAsync(TestSessions.WithBearer(HttpMethod.Get, "/_health", token));

        Assert.DoesNotContain("description", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_admin_session_sees_the_details()
    {
        await using var app = await AppServer.StartAsync();
        var token = await TestSessions.StartAsync(app.Client, "ops-1", roles: ["admin"]);

        using var response = await app.Client.SendAsync(TestSessions.WithBearer(HttpMethod.Get, "/_health", token));

        var database = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("checks").GetProperty("database");
        Assert.Contains("data.db", database.GetProperty("description").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task In_development_everyone_sees_the_details()
    {
        await using var app = await AppServer.StartAsync(environment: "Development");

        var health = JsonDocument.Parse(await app.Client.GetStringAsync("/_health")).RootElement;

        Assert.Contains("data.db", health.GetProperty("checks").GetProperty("database").GetProperty("description").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_garbage_session_is_anonymous_here_not_an_error()
    {
        await using var app = await AppServer.StartAsync();

        using var response = await app.Client.SendAsync(TestSessions.WithBearer(HttpMethod.Get, "/_health", "not.a.token"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("description", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
