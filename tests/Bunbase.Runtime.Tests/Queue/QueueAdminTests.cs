using System.Net;
using System.Text.Json;
using Bunbase.Runtime.Tests.Infrastructure;

namespace Bunbase.Runtime.Tests.Queue;

/// <summary><c>/_admin/jobs</c>: dead jobs for operators with the admin role, and nobody else.</summary>
public sealed class QueueAdminTests : IAsyncLifetime
{
    private JobsAppServer _app = null!;
    private HttpClient _client = null!;
    private string _admin = "";

    public async Task InitializeAsync()
    {
        _app = await JobsAppServer.StartAsync();
        _client = TestSessions.PlainClient(_app.Server);
        _admin = await TestSessions.StartAsync(_client, "ops", ["admin"]);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task An_admin_lists_dead_jobs_with_their_errors_and_retries_one_that_then_runs()
    {
        var id = await DeadJobAsync("retry-me", blockedUntil: "fixed");

        var listed = await SendAsync(HttpMethod.Get, "/_admin/jobs/dead", _admin);
        var job = Assert.Single(listed.GetProperty("jobs").EnumerateArray());
        Assert.Equal(id.ToString(), job.GetProperty("id").GetString());
        Assert.Equal("record", job.GetProperty("action").GetString());
        Assert.Contains("blocked until marker 'fixed' exists", job.GetProperty("lastError").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, (await SendAsync(HttpMethod.Get, "/_admin/jobs", _admin)).GetProperty("dead").GetInt32());

        await _app.Database!.ExecuteAsync("insert into markers (key) values ('fixed')"); // the operator fixes the cause
        var retried = await SendAsync(HttpMethod.Post, $"/_admin/jobs/dead/retry?id={id}", _admin);

        Assert.Equal(1, retried.GetProperty("count").GetInt32());
        await Eventually.TrueAsync(async () => await _app.Database!.ScalarAsync<long>("select count(*) from job_runs where key = 'retry-me'") == 1, "the retried job to run");
        Assert.Empty((await SendAsync(HttpMethod.Get, "/_admin/jobs/dead", _admin)).GetProperty("jobs").EnumerateArray());
    }

    [Fact]
    public async Task An_admin_purges_one_action_s_dead_jobs()
    {
        await DeadJobAsync("purge-me", failTimes: 5);

        var purged = await SendAsync(HttpMethod.Post, "/_admin/jobs/dead/purge?action=record", _admin);

        Assert.Equal(1, purged.GetProperty("count").GetInt32());
        Assert.Equal(0L, await _app.Database!.ScalarAsync<long>("select count(*) from bunbase_jobs where action = 'record'"));
    }

    [Fact]
    public async Task Without_a_session_it_is_401_and_without_the_role_403_and_nothing_changes()
    {
        await DeadJobAsync("kept", failTimes: 1);
        var member = await TestSessions.StartAsync(_client, "someone", ["member"]);

        using var anonymous = await _client.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/_admin/jobs/dead/purge?all=true"));
        using var forbidden = await _client.SendAsync(TestSessions.WithBearer(HttpMethod.Post, "/_admin/jobs/dead/purge?all=true", member));

        Assert.Equal("session_required", (await Problem.ReadAsync(anonymous, HttpStatusCode.Unauthorized)).Code);
        Assert.NotEmpty(anonymous.Headers.WwwAuthenticate);
        Assert.Equal("role_required", (await Problem.ReadAsync(forbidden, HttpStatusCode.Forbidden)).Code);
        Assert.Equal(1L, await _app.Database!.ScalarAsync<long>("select count(*) from bunbase_jobs where status = 'dead'"));
    }

    [Fact]
    public async Task A_cookie_session_without_origin_cannot_purge()
    {
        await DeadJobAsync("kept", failTimes: 1);

        using var response = await _client.SendAsync(TestSessions.WithCookie(HttpMethod.Post, "/_admin/jobs/dead/purge?all=true", _admin));

        Assert.True(response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized, response.StatusCode.ToString());
        Assert.Equal(1L, await _app.Database!.ScalarAsync<long>("select count(*) from bunbase_jobs where status = 'dead'"));
    }

    [Theory]
    [InlineData("/_admin/jobs/dead/retry", "selection_required")]
    [InlineData("/_admin/jobs/dead/purge?id=not-a-guid", "validation_failed")]
    public async Task A_request_that_does_not_say_which_jobs_is_refused(string path, string code)
    {
        await DeadJobAsync("kept", failTimes: 1);

        using var response = await _client.SendAsync(TestSessions.WithBearer(HttpMethod.Post, path, _admin));

        Assert.Equal(code, (await Problem.ReadAsync(response, HttpStatusCode.BadRequest)).Code);
        Assert.Equal(1L, await _app.Database!.ScalarAsync<long>("select count(*) from bunbase_jobs where status = 'dead'"));
    }

    [Fact]
    public async Task A_limit_out_of_range_is_a_field_error()
    {
        using var response = await _client.SendAsync(TestSessions.WithBearer(HttpMethod.Get, "/_admin/jobs/dead?limit=0", _admin));

        var problem = await Problem.ReadAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("validation_failed", problem.Code);
        Assert.Contains("limit", problem.Errors.Keys);
    }

    [Fact]
    public async Task Turned_off_there_is_nothing_at_admin()
    {
        await using var app = await JobsAppServer.StartAsync(extraConfig: """ "admin": { "enabled": false } """);
        using var client = TestSessions.PlainClient(app.Server);
        var admin = await TestSessions.StartAsync(client, "ops", ["admin"]);

        using var response = await client.SendAsync(TestSessions.WithBearer(HttpMethod.Get, "/_admin/jobs/dead", admin));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private async Task<Guid> DeadJobAsync(string key, int failTimes = 0, string? blockedUntil = null)
    {
        var id = await _app.EnqueueAsync(new { key, failTimes, nonRetryable = true, blockedUntil });
        await Eventually.TrueAsync(async () => await _app.Database!.ScalarAsync<string>($"select status from bunbase_jobs where id = '{id}'") == "dead", "the job to die");
        return id;
    }

    private async Task<JsonElement> SendAsync(HttpMethod method, string path, string token)
    {
        using var response = await _client.SendAsync(TestSessions.WithBearer(method, path, token));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{method} {path}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }
}
