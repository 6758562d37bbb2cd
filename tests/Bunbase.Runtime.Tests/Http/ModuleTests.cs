using System.Net;
using System.Net.Http.Json;
using Bunbase.Runtime.Tests.Infrastructure;
using Bunbase.TestApp.Actions;

namespace Bunbase.Runtime.Tests.Http;

/// <summary>Modules through the real host: the prefix, the module's guards before the action's own, its rate limit per action.</summary>
public sealed class ModuleTests(ProductionApp app) : IClassFixture<ProductionApp>
{
    private HttpClient Client => app.Client;

    [Theory]
    [InlineData("/tasks")]
    [InlineData("/tasks/")]
    public async Task The_prefix_alone_is_the_list_route(string path)
    {
        var token = await TestSessions.StartAsync(Client, "list-" + path.Length);

        using var response = await Client.SendAsync(TestSessions.WithBearer(HttpMethod.Get, path, token));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var output = (await response.Content.ReadFromJsonAsync<ModuleOutput>())!;
        Assert.Equal("list", output.Action);
        Assert.Equal(["module"], output.Ran);
    }

    [Fact]
    public async Task Module_guards_apply_to_every_member_and_run_before_the_actions_own()
    {
        var token = await TestSessions.StartAsync(Client, "guards");

        using var anonymousList = await Client.GetAsync("/tasks");
        using var anonymousArchive = await Client.PostAsJsonAsync("/tasks/5/archive", new { });
        using var find = await Client.SendAsync(TestSessions.WithBearer(HttpMethod.Get, "/tasks/5", token));
        using var created = await Client.SendAsync(TestSessions.WithBearer(HttpMethod.Post, "/tasks", token));

        Assert.Equal("session_required", (await Problem.ReadAsync(anonymousList, HttpStatusCode.Unauthorized)).Code);
        Assert.Equal("session_required", (await Problem.ReadAsync(anonymousArchive, HttpStatusCode.Unauthorized)).Code);
        Assert.Equal(HttpStatusCode.OK, find.StatusCode);
        Assert.Equal(["module", "own"], (await find.Content.ReadFromJsonAsync<ModuleOutput>())!.Ran);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
    }

    [Fact]
    public async Task An_action_marked_allow_anonymous_is_public_inside_an_authenticated_module()
    {
        using var response = await Client.GetAsync("/tasks/open");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var output = (await response.Content.ReadFromJsonAsync<ModuleOutput>())!;
        Assert.Null(output.User);
        Assert.Empty(output.Ran);
    }

    [Theory]
    [InlineData(new[] { "admin" }, new[] { "users:read" }, HttpStatusCode.OK, null)]
    [InlineData(new[] { "admin" }, new string[0], HttpStatusCode.Forbidden, "permission_required")]
    [InlineData(new string[0], new[] { "users:read" }, HttpStatusCode.Forbidden, "role_required")]
    public async Task A_sub_module_adds_its_guards_to_its_parents(string[] roles, string[] permissions, HttpStatusCode expected, string? code)
    {
        var token = await TestSessions.StartAsync(Client, "staff", roles, permissions);

        using var response = await Client.SendAsync(TestSessions.WithBearer(HttpMethod.Get, "/back-office/users", token));

        Assert.Equal(expected, response.StatusCode);
        if (code is not null)
            Assert.Equal(code, (await Problem.ReadAsync(response, expected)).Code);
    }

    [Fact]
    public async Task The_module_rate_limit_counts_each_action_on_its_own_and_an_actions_own_limit_wins()
    {
        var token = await TestSessions.StartAsync(Client, "limited-" + Guid.NewGuid().ToString("N"));

        var list = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            using var response = await Client.SendAsync(TestSessions.WithBearer(HttpMethod.Get, "/tasks", token));
            list.Add(response.StatusCode);
            if (i == 0)
                Assert.Equal("3", response.Headers.GetValues("RateLimit-Limit").Single());
        }

        using var find = await Client.SendAsync(TestSessions.WithBearer(HttpMethod.Get, "/tasks/1", token));
        using var firstCreate = await Client.SendAsync(TestSessions.WithBearer(HttpMethod.Post, "/tasks", token));
        using var secondCreate = await Client.SendAsync(TestSessions.WithBearer(HttpMethod.Post, "/tasks", token));

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], list);
        Assert.Equal(HttpStatusCode.OK, find.StatusCode);
        Assert.Equal("3", find.Headers.GetValues("RateLimit-Limit").Single());
        Assert.Equal(HttpStatusCode.Created, firstCreate.StatusCode);
        Assert.Equal("1", firstCreate.Headers.GetValues("RateLimit-Limit").Single());
        Assert.Equal("rate_limited", (await Problem.ReadAsync(secondCreate, HttpStatusCode.TooManyRequests)).Code);
    }
}
