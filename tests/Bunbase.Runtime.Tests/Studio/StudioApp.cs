using System.Net.Http.Json;
using System.Text.Json;
using Bunbase.Runtime.Tests.Infrastructure;
using Bunbase.Runtime.Tests.Queue;

namespace Bunbase.Runtime.Tests.Studio;

/// <summary>The queue fixture app on PostgreSQL with an admin and a member session, for the Studio's tests.</summary>
public sealed class StudioApp : IAsyncLifetime
{
    public JobsAppServer App { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    public string Admin { get; private set; } = "";

    public string Member { get; private set; } = "";

    public string Origin => App.Server.Address.GetLeftPart(UriPartial.Authority);

    public async Task InitializeAsync()
    {
        App = await JobsAppServer.StartAsync();
        // Redirects are asserted, not followed; cookies are sent only as a test says.
        Client = new HttpClient(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = App.Server.Address, Timeout = TimeSpan.FromSeconds(30) };
        Admin = await TestSessions.StartAsync(Client, "ops", ["admin"]);
        Member = await TestSessions.StartAsync(Client, "someone", ["member"]);
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await App.DisposeAsync();
    }

    /// <summary>Calls <c>/nested</c> (an HTTP run, a nested call and a job, one trace); returns the job id and the trace id.</summary>
    public async Task<(Guid Job, string TraceId)> NestedAsync(string key, string? blockedUntil = null)
    {
        using var response = await Client.PostAsJsonAsync("/nested", new { key, password = "hunter2", blockedUntil });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        var json = JsonDocument.Parse(body).RootElement;
        return (json.GetProperty("id").GetGuid(), json.GetProperty("traceId").GetString()!);
    }

    /// <summary>Waits until the run log holds <paramref name="count"/> runs of the trace (it is written in batches).</summary>
    public Task RunsWrittenAsync(string traceId, int count) =>
        Eventually.TrueAsync(async () => await App.Database!.ScalarAsync<long>($"select count(*) from bunbase_action_runs where trace_id = '{traceId}'") >= count, $"{count} runs of trace {traceId}");

    public async Task<Guid> DeadJobAsync(string key, string blockedUntil)
    {
        var id = await App.EnqueueAsync(new { key, nonRetryable = true, blockedUntil });
        await Eventually.TrueAsync(async () => await App.Database!.ScalarAsync<string>($"select status from bunbase_jobs where id = '{id}'") == "dead", "the job to die");
        return id;
    }

    public async Task<(System.Net.HttpStatusCode Status, string Body, HttpResponseMessage Response)> GetAsync(string path, string? token)
    {
        var request = token is null ? new HttpRequestMessage(HttpMethod.Get, path) : TestSessions.WithBearer(HttpMethod.Get, path, token);
        var response = await Client.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(), response);
    }
}
