using System.Text.Json;
using Bunbase.Runtime.Tests.Infrastructure;

namespace Bunbase.Runtime.Tests.Studio;

/// <summary>
/// The console in a real headless browser (Debian's chromium driven by playwright-core, no network but loopback):
/// an admin opens every page, invokes an action from its form, filters runs by a trace and sees the nested call,
/// and retries a dead job that then completes; a member and an anonymous visitor are refused. A screenshot of
/// each page is kept under the test output folder (<c>studio-screenshots/</c>).
/// </summary>
public sealed class StudioBrowserTests(StudioApp studio) : IClassFixture<StudioApp>
{
    private static readonly string[] Pages = ["actions", "runs", "jobs", "events", "channels", "health"];

    [Fact]
    public async Task An_admin_uses_every_page_and_others_are_refused()
    {
        Assert.True(File.Exists("/usr/bin/chromium"), "/usr/bin/chromium is missing: ./test.sh installs Debian's chromium package.");
        var (_, trace) = await studio.NestedAsync($"browser-trace-{Guid.NewGuid():N}");
        await studio.RunsWrittenAsync(trace, 3);
        var deadKey = $"browser-dead-{Guid.NewGuid():N}";
        var dead = await studio.DeadJobAsync(deadKey, $"m-{deadKey}");
        await studio.App.Database!.ExecuteAsync($"insert into markers (key) values ('m-{deadKey}')"); // the operator fixed the cause
        var invokeKey = $"browser-invoke-{Guid.NewGuid():N}";
        var screenshots = Path.Combine(AppContext.BaseDirectory, "studio-screenshots");

        var (exit, output) = await NodeTools.RunAsync(
            TimeSpan.FromSeconds(240), "studio-browser.mjs", studio.Origin, screenshots, JsonSerializer.Serialize(new { traceId = trace, deadJob = dead, invokeKey }));

        Assert.True(exit == 0, output);
        var result = JsonDocument.Parse(output[output.IndexOf('{', StringComparison.Ordinal)..]).RootElement;
        Assert.False(result.TryGetProperty("failure", out var failure), failure.ToString());
        Assert.Equal(401, result.GetProperty("anonymous").GetInt32());
        Assert.Equal(403, result.GetProperty("member").GetInt32());
        foreach (var name in Pages)
        {
            var page = result.GetProperty("pages").GetProperty(name);
            Assert.Equal(200, page.GetProperty("status").GetInt32());
            Assert.Empty(StudioEndpointsTests.ExternalUrls(page.GetProperty("html").GetString()!, studio.Origin));
            Assert.True(new FileInfo(Path.Combine(screenshots, name + ".png")).Length > 1_000, $"a screenshot of {name}");
        }

        Assert.Empty(result.GetProperty("external").EnumerateArray());
        Assert.Empty(result.GetProperty("errors").EnumerateArray());

        // The form's invocation went through the action's route as the admin, and is in the run log under the admin's id.
        Assert.Equal(200, result.GetProperty("invoke").GetProperty("status").GetInt32());
        await Eventually.TrueAsync(async () => await studio.App.Database!.ScalarAsync<long>("select count(*) from bunbase_action_runs where action = 'nested' and user_id = 'ops' and input->>'password' = '[redacted]'") == 1, "the invocation's run, by ops");
        await Eventually.TrueAsync(async () => await studio.App.Database!.ScalarAsync<long>($"select count(*) from job_runs where key = '{invokeKey}'") == 1, "the invocation's job");

        // Filtered by the trace: the request, its nested call one level down, and its job.
        var timeline = result.GetProperty("trace").EnumerateArray().Select(r => (r.GetProperty("label").GetString(), r.GetProperty("depth").GetInt32())).ToList();
        Assert.Contains(("nested · http", 0), timeline);
        Assert.Contains(("db-ping · call", 1), timeline);
        Assert.Contains(("record · job", 0), timeline);
        Assert.Equal(3, result.GetProperty("traceRows").GetInt32());

        // Retried from its button: off the dead list, and it ran to completion.
        Assert.StartsWith("Retried 1 dead job(s)", result.GetProperty("retryNotice").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, result.GetProperty("deadAfterRetry").GetInt32());
        await Eventually.TrueAsync(async () => await studio.App.Database!.ScalarAsync<long>($"select count(*) from job_runs where key = '{deadKey}'") == 1, "the retried job to complete");

        Assert.True(result.GetProperty("phoneOverflow").GetInt32() <= 0, "the runs page fits a phone's width (tables scroll inside)");
    }
}
