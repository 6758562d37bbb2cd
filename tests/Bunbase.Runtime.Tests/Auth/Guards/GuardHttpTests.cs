using System.Net;
using System.Text;
using System.Text.Json;
using Bunbase.Runtime.Tests.Infrastructure;

namespace Bunbase.Runtime.Tests.Auth.Guards;

/// <summary>Guards as clients see them: the role and permission matrix, groups, input guards, nested calls.</summary>
public sealed class GuardHttpTests(ProductionApp app) : IClassFixture<ProductionApp>
{
    private HttpClient Client => app.Client;

    [Theory]
    [InlineData("/guarded/admin", new[] { "admin" }, HttpStatusCode.OK)]
    [InlineData("/guarded/admin", new[] { "editor" }, HttpStatusCode.Forbidden)]
    [InlineData("/guarded/admin", new string[0], HttpStatusCode.Forbidden)]
    [InlineData("/guarded/admin", new[] { "Admin" }, HttpStatusCode.Forbidden)]
    [InlineData("/guarded/roles", new[] { "admin", "auditor" }, HttpStatusCode.OK)]
    [InlineData("/guarded/roles", new[] { "editor", "auditor" }, HttpStatusCode.OK)]
    [InlineData("/guarded/roles", new[] { "editor" }, HttpStatusCode.Forbidden)]
    [InlineData("/guarded/roles", new[] { "auditor" }, HttpStatusCode.Forbidden)]
    public async Task Roles_one_of_per_attribute_and_every_attribute(string path, string[] roles, HttpStatusCode expected)
    {
        var token = await TestSessions.StartAsync(Client, "ann", roles: roles);

        using var response = await Client.SendAsync(TestSessions.WithBearer(HttpMethod.Get, path, token));

        Assert.Equal(expected, response.StatusCode);
        if (expected == HttpStatusCode.Forbidden)
            Assert.Equal("role_required", (await Problem.ReadAsync(response, expected)).Code);
    }

    [Theory]
    [InlineData("/guarded/tasks-write", "tasks:write", HttpStatusCode.OK)]
    [InlineData("/guarded/tasks-write", "tasks:*", HttpStatusCode.OK)]
    [InlineData("/guarded/tasks-write", "*", HttpStatusCode.OK)]
    [InlineData("/guarded/tasks-write", "tasks:read", HttpStatusCode.Forbidden)]
    [InlineData("/guarded/tasks-write", "tasks", HttpStatusCode.Forbidden)]
    [InlineData("/guarded/tasks-write", "task:*", HttpStatusCode.Forbidden)]
    [InlineData("/guarded/tasks-write", "tasks:write:own", HttpStatusCode.Forbidden)]
    [InlineData("/guarded/tasks-write-own", "tasks:*", HttpStatusCode.OK)]
    [InlineData("/guarded/tasks-write-own", "tasks:write:*", HttpStatusCode.OK)]
    [InlineData("/guarded/tasks-write-own", "tasks:write", HttpStatusCode.Forbidden)]
    [InlineData("/guarded/billing", "*", HttpStatusCode.OK)]
    [InlineData("/guarded/billing", "billing:*", HttpStatusCode.Forbidden)]
    public async Task Permissions_with_wildcards(string path, string granted, HttpStatusCode expected)
    {
        var token = await TestSessions.StartAsync(Client, "ann", permissions: [granted]);

        using var response = await Client.SendAsync(TestSessions.WithBearer(HttpMethod.Get, path, token));

        Assert.Equal(expected, response.StatusCode);
        if (expected == HttpStatusCode.Forbidden)
        {
            var problem = await Problem.ReadAsync(response, expected);
            Assert.Equal("permission_required", problem.Code);
            Assert.Contains("This action requires the permission", problem.Detail, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("/guarded/admin")]
    [InlineData("/guarded/tasks-write")]
    [InlineData("/staff/report")]
    public async Task Without_a_session_role_and_permission_guards_answer_401_not_403(string path)
    {
        var problem = await Problem.ReadAsync(await Client.GetAsync(path), HttpStatusCode.Unauthorized);

        Assert.Equal("session_required", problem.Code);
    }

    [Fact]
    public async Task A_group_base_class_guards_its_actions_and_its_guards_run_first()
    {
        var staff = await TestSessions.StartAsync(Client, "sam", roles: ["staff"], permissions: ["reports:read"]);
        var outsider = await TestSessions.StartAsync(Client, "olga", permissions: ["reports:read"]);

        using var allowed = await Client.SendAsync(TestSessions.WithBearer(HttpMethod.Get, "/staff/report", staff));
        using var refused = await Client.SendAsync(TestSessions.WithBearer(HttpMethod.Get, "/staff/report", outsider));

        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Equal(["group", "own"], Ran(await allowed.Content.ReadAsStringAsync()));
        Assert.Equal("role_required", (await Problem.ReadAsync(refused, HttpStatusCode.Forbidden)).Code);
    }

    [Fact]
    public async Task Allow_anonymous_opens_one_action_of_a_guarded_group()
    {
        using var response = await Client.GetAsync("/staff/open-day");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(Ran(await response.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task An_input_guard_runs_after_validation_and_identity_guards_before_binding()
    {
        var ann = await TestSessions.StartAsync(Client, "ann");
        var bob = await TestSessions.StartAsync(Client, "bob");

        // No session: 401 even though the body is invalid too.
        Assert.Equal("session_required", (await Problem.ReadAsync(await Put("/documents/ann", """{"title":""}""", null), HttpStatusCode.Unauthorized)).Code);

        // A session, an invalid body: 400 before the owner check.
        Assert.Equal("validation_failed", (await Problem.ReadAsync(await Put("/documents/ann", """{"title":""}""", bob), HttpStatusCode.BadRequest)).Code);

        // Valid, but not the owner: the input guard refuses.
        Assert.Equal("forbidden", (await Problem.ReadAsync(await Put("/documents/ann", """{"title":"mine now"}""", bob), HttpStatusCode.Forbidden)).Code);

        using var owner = await Put("/documents/ann", """{"title":"notes"}""", ann);
        Assert.Equal("""{"owner":"ann","title":"notes"}""", await owner.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_nested_call_runs_the_callees_guards_with_the_callers_session()
    {
        var admin = await TestSessions.StartAsync(Client, "ada", roles: ["admin"]);
        var member = await TestSessions.StartAsync(Client, "max", roles: ["member"]);

        Assert.Equal("session_required", (await Problem.ReadAsync(await Client.GetAsync("/call-admin"), HttpStatusCode.Unauthorized)).Code);
        Assert.Equal("role_required", (await Problem.ReadAsync(await Client.SendAsync(TestSessions.WithBearer(HttpMethod.Get, "/call-admin", member)), HttpStatusCode.Forbidden)).Code);
        Assert.Equal(HttpStatusCode.OK, (await Client.SendAsync(TestSessions.WithBearer(HttpMethod.Get, "/call-admin", admin))).StatusCode);
    }

    private Task<HttpResponseMessage> Put(string path, string json, string? token)
    {
        var request = token is null ? new HttpRequestMessage(HttpMethod.Put, path) : TestSessions.WithBearer(HttpMethod.Put, path, token);
        request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        return Client.SendAsync(request);
    }

    private static string[] Ran(string body) =>
        JsonDocument.Parse(body).RootElement.GetProperty("ran").EnumerateArray().Select(e => e.GetString()!).ToArray();
}
