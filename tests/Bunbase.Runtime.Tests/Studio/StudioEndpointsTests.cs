using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Bunbase.Runtime.Tests.Infrastructure;

namespace Bunbase.Runtime.Tests.Studio;

/// <summary>The console's pages and changes over plain HTTP: who may see them, what they show, and CSRF refusal.</summary>
public sealed partial class StudioEndpointsTests(StudioApp studio) : IClassFixture<StudioApp>
{
    public static TheoryData<string> Pages => ["/_studio/actions", "/_studio/runs", "/_studio/jobs", "/_studio/events", "/_studio/channels", "/_studio/health"];

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task An_admin_gets_each_page_as_html_with_nothing_from_another_host(string path)
    {
        var (status, body, response) = await studio.GetAsync(path, studio.Admin);

        Assert.True(status == HttpStatusCode.OK, $"{path}: {(int)status} {body}");
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("default-src 'self'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Contains("<h1>", body, StringComparison.Ordinal);
        Assert.Empty(ExternalUrls(body, studio.Origin));
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task An_anonymous_visitor_gets_401_and_a_member_403(string path)
    {
        var (anonymous, anonymousBody, _) = await studio.GetAsync(path, null);
        var (member, memberBody, _) = await studio.GetAsync(path, studio.Member);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous);
        Assert.Equal(HttpStatusCode.Forbidden, member);
        Assert.DoesNotContain("<table", anonymousBody, StringComparison.Ordinal);
        Assert.Contains("role &#39;admin&#39;", memberBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_assets_are_served_from_the_assembly_and_the_root_leads_to_actions()
    {
        var css = await studio.Client.GetAsync("/_studio/assets/studio.css");
        var js = await studio.Client.GetAsync("/_studio/assets/studio.js");
        var missing = await studio.Client.GetAsync("/_studio/assets/other.js");
        var root = await studio.Client.GetAsync("/_studio");

        Assert.Equal("text/css", css.Content.Headers.ContentType?.MediaType);
        Assert.Equal("text/javascript", js.Content.Headers.ContentType?.MediaType);
        Assert.Empty(ExternalUrls(await css.Content.ReadAsStringAsync() + await js.Content.ReadAsStringAsync(), studio.Origin));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("/_studio/actions", root.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task The_actions_page_lists_each_action_with_its_route_guards_and_schemas()
    {
        var (_, body, _) = await studio.GetAsync("/_studio/actions", studio.Admin);

        Assert.Contains("data-name=\"nested\"", body, StringComparison.Ordinal);
        Assert.Contains("POST /nested", body, StringComparison.Ordinal);
        Assert.Contains("data-route=\"/nested\"", body, StringComparison.Ordinal);
        Assert.Contains("&quot;key&quot;", body, StringComparison.Ordinal); // the input schema's member, encoded
        Assert.Contains("cron &#39;* * * * * *&#39;", body, StringComparison.Ordinal); // tick's schedule
    }

    [Fact]
    public async Task Runs_filtered_by_trace_show_the_request_its_nested_call_and_its_job_with_the_password_redacted()
    {
        var (_, trace) = await studio.NestedAsync($"trace-{Guid.NewGuid():N}");
        await studio.RunsWrittenAsync(trace, 3);

        var (status, body, _) = await studio.GetAsync($"/_studio/runs?traceId={trace}", studio.Admin);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("Trace timeline: 3 run(s)", body, StringComparison.Ordinal);
        Assert.Contains("data-depth=\"1\"", body, StringComparison.Ordinal); // db-ping, called inside nested
        foreach (var run in new[] { "nested · http", "db-ping · call", "record · job" })
            Assert.Contains(run, body, StringComparison.Ordinal);

        var id = RunLink().Match(body).Groups[1].Value;
        var (runStatus, runBody, _) = await studio.GetAsync($"/_studio/runs/{id}", studio.Admin);
        Assert.Equal(HttpStatusCode.OK, runStatus);
        Assert.Contains(trace, runBody, StringComparison.Ordinal);
        var nested = (await studio.GetAsync($"/_studio/runs?traceId={trace}&action=nested", studio.Admin)).Body;
        var nestedId = RunLink().Match(nested.Split("<tbody>")[1]).Groups[1].Value;
        var input = (await studio.GetAsync($"/_studio/runs/{nestedId}", studio.Admin)).Body;
        Assert.Contains("[redacted]", input, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", input, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Runs_page_by_keyset_and_filter_by_trigger_and_time()
    {
        var (_, trace) = await studio.NestedAsync($"pages-{Guid.NewGuid():N}");
        await studio.RunsWrittenAsync(trace, 3);

        var calls = (await studio.GetAsync($"/_studio/runs?trigger=call&traceId={trace}", studio.Admin)).Body;
        var future = (await studio.GetAsync($"/_studio/runs?from=2999-01-01T00:00&traceId={trace}", studio.Admin)).Body;
        for (var i = 0; i < 55; i++)
            (await studio.Client.GetAsync("/db-ping")).EnsureSuccessStatusCode();
        await Eventually.TrueAsync(async () => await studio.App.Database!.ScalarAsync<long>("select count(*) from bunbase_action_runs where action = 'db-ping' and trigger = 'http'") >= 55, "55 runs of db-ping");
        var firstPage = (await studio.GetAsync("/_studio/runs?action=db-ping&trigger=http", studio.Admin)).Body;
        var next = NextLink().Match(firstPage);

        Assert.Single(RunLink().Matches(calls.Split("<tbody>")[1]));
        Assert.Empty(RunLink().Matches(future.Split("<tbody>")[1]));
        Assert.True(next.Success, "a full first page links to the next");
        var ids = RunLink().Matches(firstPage.Split("<tbody>")[1]).Select(m => m.Groups[1].Value).ToList();
        var second = (await studio.GetAsync(WebUtility.HtmlDecode(next.Groups[1].Value), studio.Admin)).Body;
        var secondIds = RunLink().Matches(second.Split("<tbody>")[1]).Select(m => m.Groups[1].Value).ToList();
        Assert.NotEmpty(secondIds);
        Assert.Equal(50, ids.Count);
        Assert.Contains("action=db-ping", next.Groups[1].Value, StringComparison.Ordinal);
        Assert.Empty(ids.Intersect(secondIds));
        Assert.True(string.CompareOrdinal(secondIds[0], ids[^1]) < 0, "the next page continues below the last id");
    }

    [Theory]
    [InlineData("/_studio/runs?status=done", "status")]
    [InlineData("/_studio/runs?trigger=carrier-pigeon", "trigger")]
    [InlineData("/_studio/runs?before=not-an-id", "before")]
    [InlineData("/_studio/runs?from=yesterday", "from")]
    [InlineData("/_studio/runs?action=a&action=b", "action")]
    public async Task A_bad_filter_is_a_400_naming_it(string path, string field)
    {
        var (_, _, response) = await studio.GetAsync(path, studio.Admin);

        var problem = await Problem.ReadAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains(field, problem.Errors.Keys);
    }

    [Theory]
    [InlineData("/_studio/runs/00000000-0000-0000-0000-000000000001")]
    [InlineData("/_studio/runs/not-a-run")]
    public async Task An_unknown_run_is_404(string path)
    {
        var (status, _, _) = await studio.GetAsync(path, studio.Admin);

        Assert.Equal(HttpStatusCode.NotFound, status);
    }

    [Fact]
    public async Task Retry_from_the_console_needs_the_app_s_origin_with_the_cookie_and_then_runs_the_job()
    {
        var key = $"console-{Guid.NewGuid():N}";
        var marker = $"m-{key}";
        var id = await studio.DeadJobAsync(key, marker);
        var (_, jobsPage, _) = await studio.GetAsync("/_studio/jobs", studio.Admin);
        Assert.Contains($"data-job=\"{id}\"", jobsPage, StringComparison.Ordinal);
        Assert.Contains($"blocked until marker &#39;{marker}&#39; exists", jobsPage, StringComparison.Ordinal);
        await studio.App.Database!.ExecuteAsync($"insert into markers (key) values ('{marker}')");

        using var noOrigin = await studio.Client.SendAsync(Form(TestSessions.WithCookie(HttpMethod.Post, "/_studio/jobs/dead/retry", studio.Admin), id));
        using var otherOrigin = await studio.Client.SendAsync(Form(TestSessions.WithCookie(HttpMethod.Post, "/_studio/jobs/dead/retry", studio.Admin, "https://evil.example"), id));
        using var member = await studio.Client.SendAsync(Form(TestSessions.WithCookie(HttpMethod.Post, "/_studio/jobs/dead/retry", studio.Member, studio.Origin), id));

        Assert.Equal(HttpStatusCode.Forbidden, noOrigin.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, otherOrigin.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, member.StatusCode);
        Assert.Equal("dead", await studio.App.Database!.ScalarAsync<string>($"select status from bunbase_jobs where id = '{id}'"));

        using var retried = await studio.Client.SendAsync(Form(TestSessions.WithCookie(HttpMethod.Post, "/_studio/jobs/dead/retry", studio.Admin, studio.Origin), id));

        Assert.Equal(HttpStatusCode.SeeOther, retried.StatusCode);
        Assert.StartsWith("/_studio/jobs?done=Retried%201", retried.Headers.Location?.OriginalString, StringComparison.Ordinal);
        await Eventually.TrueAsync(async () => await studio.App.Database!.ScalarAsync<long>($"select count(*) from job_runs where key = '{key}'") == 1, "the retried job to run");
    }

    [Fact]
    public async Task A_change_that_names_no_job_or_is_not_a_form_is_a_4xx_not_a_500()
    {
        using var nothing = await studio.Client.SendAsync(FormOf(TestSessions.WithBearer(HttpMethod.Post, "/_studio/jobs/dead/purge", studio.Admin), []));
        using var badId = await studio.Client.SendAsync(FormOf(TestSessions.WithBearer(HttpMethod.Post, "/_studio/jobs/dead/purge", studio.Admin), [new("id", "x")]));
        var json = TestSessions.WithBearer(HttpMethod.Post, "/_studio/jobs/dead/purge", studio.Admin);
        json.Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
        using var notForm = await studio.Client.SendAsync(json);
        using var letter = await studio.Client.SendAsync(TestSessions.WithBearer(HttpMethod.Post, "/_studio/events/dead/00000000-0000-0000-0000-000000000001/retry", studio.Admin));

        Assert.Equal("selection_required", (await Problem.ReadAsync(nothing, HttpStatusCode.BadRequest)).Code);
        Assert.Equal("validation_failed", (await Problem.ReadAsync(badId, HttpStatusCode.BadRequest)).Code);
        Assert.Equal("unsupported_media_type", (await Problem.ReadAsync(notForm, HttpStatusCode.UnsupportedMediaType)).Code);
        Assert.Equal("dead_letter_not_found", (await Problem.ReadAsync(letter, HttpStatusCode.NotFound)).Code);

        // Forms the form reader refuses: a NUL, more fields than it reads, a multipart body with no boundary.
        foreach (var (type, body) in new[]
        {
            ("application/x-www-form-urlencoded", "id=%00"),
            ("application/x-www-form-urlencoded", string.Join('&', Enumerable.Range(0, 1100).Select(i => $"f{i}=1"))),
            ("multipart/form-data", "--x\r\nContent-Disposition: form-data; name=\"id\"\r\n\r\n1\r\n--x--\r\n"),
        })
        {
            var request = TestSessions.WithBearer(HttpMethod.Post, "/_studio/jobs/dead/retry", studio.Admin);
            request.Content = new StringContent(body, System.Text.Encoding.UTF8);
            request.Content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(type);
            using var refused = await studio.Client.SendAsync(request);
            Assert.True(refused.StatusCode == HttpStatusCode.BadRequest, $"{type} {body[..Math.Min(body.Length, 40)]}: {(int)refused.StatusCode} {await refused.Content.ReadAsStringAsync()}");
        }
    }

    [Theory]
    [InlineData("/_studio/jobs/dead/retry", "--zz")] // the boundary, then nothing
    [InlineData("/_studio/jobs/dead/purge", "--zz")]
    [InlineData("/_studio/jobs/dead/retry", "--zz\r\nContent-Disposition: form-data; name=\"all\"\r\n\r\ntrue")] // a part without its closing boundary
    [InlineData("/_studio/jobs/dead/purge", "--zz\r\nContent-Disposition: form-da")] // cut inside a part's headers
    public async Task A_truncated_multipart_form_is_a_400_invalid_form_with_no_stack_trace(string path, string body)
    {
        foreach (var request in new[]
        {
            TestSessions.WithBearer(HttpMethod.Post, path, studio.Admin),
            TestSessions.WithCookie(HttpMethod.Post, path, studio.Admin, studio.Origin),
        })
        {
            request.Content = new StringContent(body, System.Text.Encoding.UTF8);
            request.Content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse("multipart/form-data; boundary=zz");
            using var response = await studio.Client.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();

            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode} {text}");
            Assert.Equal("invalid_form", JsonDocument.Parse(text).RootElement.GetProperty("code").GetString());
            Assert.DoesNotContain(" at ", text, StringComparison.Ordinal);
            request.Dispose();
        }
    }

    [Fact]
    public async Task A_form_over_the_body_limit_is_a_413_not_a_400()
    {
        // Declared larger than maxRequestBodySize (10 MiB): refused from its Content-Length, before any of it is read.
        var request = $"POST /_studio/jobs/dead/retry HTTP/1.1\r\nHost: {studio.App.Server.Address.Authority}\r\nAuthorization: Bearer {studio.Admin}\r\n"
            + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 20000000\r\n\r\nall=true";

        var response = await RawHttp.ExchangeAsync(studio.App.Server.Address, request);

        Assert.True(response.Status == 413, $"{response.Status} {response.Body}");
        Assert.Equal("payload_too_large", response.Problem().GetProperty("code").GetString());
    }

    /// <summary>Any http(s) URL in the text that is not the app's own origin.</summary>
    internal static List<string> ExternalUrls(string text, string origin) =>
        [.. Url().Matches(text).Select(m => m.Value).Where(u => !u.StartsWith(origin, StringComparison.Ordinal))];

    private static HttpRequestMessage Form(HttpRequestMessage request, Guid id) => FormOf(request, [new("id", id.ToString())]);

    private static HttpRequestMessage FormOf(HttpRequestMessage request, KeyValuePair<string, string>[] fields)
    {
        request.Content = new FormUrlEncodedContent(fields);
        return request;
    }

    [GeneratedRegex("https?://[^\\s\"'<>)]+", RegexOptions.IgnoreCase)]
    private static partial Regex Url();

    [GeneratedRegex("href=\"/_studio/runs/([0-9a-f-]{36})\"")]
    private static partial Regex RunLink();

    [GeneratedRegex("<a rel=\"next\" href=\"([^\"]+)\"")]
    private static partial Regex NextLink();
}
