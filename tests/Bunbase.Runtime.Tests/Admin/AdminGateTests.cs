using System.Net;
using Bunbase.Runtime.Tests.Infrastructure;

namespace Bunbase.Runtime.Tests.Admin;

/// <summary>The operator endpoints refuse and validate exactly as guarded actions do (on the embedded backend).</summary>
public sealed class AdminGateTests(ProductionApp app) : IClassFixture<ProductionApp>
{
    [Theory]
    [InlineData("GET", "/_admin/runs")]
    [InlineData("GET", "/_admin/jobs")]
    [InlineData("GET", "/_admin/jobs/dead")]
    [InlineData("POST", "/_admin/jobs/dead/purge?all=true")]
    public async Task A_member_without_the_admin_role_gets_403_role_required(string method, string path)
    {
        var member = await TestSessions.StartAsync(app.Client, $"member-{Guid.NewGuid():N}", ["member"]);

        var problem = await Problem.ReadAsync(await app.Client.SendAsync(TestSessions.WithBearer(new HttpMethod(method), path, member)), HttpStatusCode.Forbidden);

        Assert.Equal("role_required", problem.Code);
        Assert.Contains("'admin'", problem.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("GET", "/_admin/runs?limit=5&limit=6", "limit")]
    [InlineData("GET", "/_admin/runs?status=ok&status=failed", "status")]
    [InlineData("GET", "/_admin/runs?action=hello&action=echo", "action")]
    [InlineData("GET", "/_admin/runs?traceId=a&traceId=a", "traceId")]
    [InlineData("GET", "/_admin/runs?limit=&limit=", "limit")]
    [InlineData("GET", "/_admin/jobs/dead?limit=1&limit=2", "limit")]
    [InlineData("GET", "/_admin/jobs/dead?action=a&action=b", "action")]
    [InlineData("POST", "/_admin/jobs/dead/purge?all=true&all=true", "all")]
    [InlineData("POST", "/_admin/jobs/dead/retry?id=00000000-0000-0000-0000-000000000001&id=00000000-0000-0000-0000-000000000002", "id")]
    public async Task A_repeated_query_key_is_a_400_naming_it(string method, string path, string field)
    {
        var admin = await TestSessions.StartAsync(app.Client, $"ops-{Guid.NewGuid():N}", ["admin"]);

        var problem = await Problem.ReadAsync(await app.Client.SendAsync(TestSessions.WithBearer(new HttpMethod(method), path, admin)), HttpStatusCode.BadRequest);

        Assert.Equal("validation_failed", problem.Code);
        Assert.Contains("given 2 times", Assert.Single(problem.Errors[field]), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/_admin/runs?limit=5")]
    [InlineData("/_admin/runs?status=")]
    [InlineData("/_admin/jobs/dead?limit=3&action=x")]
    public async Task Single_or_empty_keys_are_still_accepted(string path)
    {
        var admin = await TestSessions.StartAsync(app.Client, $"ops-{Guid.NewGuid():N}", ["admin"]);

        using var response = await app.Client.SendAsync(TestSessions.WithBearer(HttpMethod.Get, path, admin));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Subscriptions_of_an_app_without_subscribers_are_an_empty_list_on_the_embedded_backend()
    {
        var admin = await TestSessions.StartAsync(app.Client, $"ops-{Guid.NewGuid():N}", ["admin"]);

        using var response = await app.Client.SendAsync(TestSessions.WithBearer(HttpMethod.Get, "/_admin/subscriptions", admin));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("{\"items\":[]}", await response.Content.ReadAsStringAsync());
    }
}
