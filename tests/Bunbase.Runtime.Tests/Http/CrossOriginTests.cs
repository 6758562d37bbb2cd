using System.Net;
using Bunbase.Runtime.Foundation;
using Bunbase.Runtime.Tests.Infrastructure;

namespace Bunbase.Runtime.Tests.Http;

/// <summary><c>cors.*</c>: preflights, the headers on every answer a listed origin gets, refusals, patterns, start-up checks.</summary>
public sealed class CrossOriginTests
{
    private const string App = "https://app.example.com";

    private static Task<AppServer> StartAsync(string cors) => AppServer.StartAsync(extraConfig: $$"""
        "cors": {{cors}}
        """);

    [Theory]
    [InlineData("/hello")]
    [InlineData("/orders")]
    [InlineData("/no/such/route")]
    public async Task A_preflight_from_a_listed_origin_is_answered_whatever_the_path(string path)
    {
        await using var server = await StartAsync($$"""{ "allowedOrigins": ["{{App}}"] }""");
        using var client = TestSessions.PlainClient(server);

        using var response = await client.SendAsync(Preflight(path, App, "POST", "content-type,authorization"));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(App, Header(response, "Access-Control-Allow-Origin"));
        Assert.Equal("true", Header(response, "Access-Control-Allow-Credentials"));
        Assert.Equal("GET, HEAD, POST, PUT, PATCH, DELETE", Header(response, "Access-Control-Allow-Methods"));
        Assert.Equal("content-type,authorization", Header(response, "Access-Control-Allow-Headers"));
        Assert.Equal("600", Header(response, "Access-Control-Max-Age"));
        Assert.Contains("Origin", Header(response, "Vary"), StringComparison.Ordinal);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData("https://evil.example")]
    [InlineData("null")]
    [InlineData("https://app.example.com.evil.example")]
    [InlineData("http://app.example.com")]
    public async Task A_preflight_from_another_origin_is_refused_in_words(string origin)
    {
        await using var server = await StartAsync($$"""{ "allowedOrigins": ["{{App}}"] }""");
        using var client = TestSessions.PlainClient(server);

        using var response = await client.SendAsync(Preflight("/orders", origin, "POST", "content-type"));

        var problem = await Problem.ReadAsync(response, HttpStatusCode.Forbidden);
        Assert.Equal("cors_origin_not_allowed", problem.Code);
        Assert.Contains("cors.allowedOrigins", problem.Detail, StringComparison.Ordinal);
        Assert.Null(Header(response, "Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task Every_answer_to_a_listed_origin_is_readable_and_names_the_headers_a_page_may_read()
    {
        await using var server = await StartAsync($$"""{ "allowedOrigins": ["{{App}}"], "exposedHeaders": ["X-Build"] }""");
        using var client = TestSessions.PlainClient(server);

        using var created = await client.SendAsync(WithOrigin(HttpMethod.Post, "/orders", App,
            """{"customer":{"email":"a@example.com"},"lines":[{"sku":"ABC-123","quantity":2}]}"""));
        using var invalid = await client.SendAsync(WithOrigin(HttpMethod.Post, "/orders", App, """{"customer":{"email":"nope"},"lines":[]}"""));
        using var missing = await client.SendAsync(WithOrigin(HttpMethod.Get, "/no/such/route", App));

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        foreach (var response in new[] { created, invalid, missing })
        {
            Assert.Equal(App, Header(response, "Access-Control-Allow-Origin"));
            Assert.Equal("true", Header(response, "Access-Control-Allow-Credentials"));
            Assert.Contains("Origin", Header(response, "Vary"), StringComparison.Ordinal);
            var exposed = Header(response, "Access-Control-Expose-Headers")!.Split(", ");
            // The runtime's, the actions' [ResponseHeader] names, and the configured ones.
            Assert.Superset(new HashSet<string> { "Session-Token", "Retry-After", "RateLimit-Remaining", "Location", "X-Tag", "X-Build" }, exposed.ToHashSet());
        }
    }

    [Fact]
    public async Task A_listed_page_s_event_stream_is_readable()
    {
        await using var server = await StartAsync($$"""{ "allowedOrigins": ["{{App}}"] }""");
        using var client = TestSessions.PlainClient(server);

        using var response = await client.SendAsync(WithOrigin(HttpMethod.Get, "/_realtime/sse?channel=public:cors", App), HttpCompletionOption.ResponseHeadersRead);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(App, Header(response, "Access-Control-Allow-Origin"));
        Assert.Equal("true", Header(response, "Access-Control-Allow-Credentials"));
    }

    [Fact]
    public async Task Another_origin_s_requests_are_served_without_the_headers()
    {
        await using var server = await StartAsync($$"""{ "allowedOrigins": ["{{App}}"] }""");
        using var client = TestSessions.PlainClient(server);

        using var foreign = await client.SendAsync(WithOrigin(HttpMethod.Get, "/hello", "https://evil.example"));
        using var plain = await client.GetAsync("/hello");

        Assert.Equal(HttpStatusCode.OK, foreign.StatusCode);
        Assert.Null(Header(foreign, "Access-Control-Allow-Origin"));
        Assert.Null(Header(plain, "Access-Control-Allow-Origin"));
        // A cache must not hand either answer to a listed origin's page.
        Assert.Equal("Origin", Header(foreign, "Vary"));
        Assert.Equal("Origin", Header(plain, "Vary"));
    }

    [Theory]
    [InlineData("/_admin/jobs")]
    [InlineData("/_studio")]
    [InlineData("/_STUDIO/runs")]
    public async Task The_operators_surfaces_stay_same_origin(string path)
    {
        await using var server = await StartAsync($$"""{ "allowedOrigins": ["{{App}}"] }""");
        using var client = TestSessions.PlainClient(server);

        using var preflight = await client.SendAsync(Preflight(path, App, "POST", "content-type"));
        using var read = await client.SendAsync(WithOrigin(HttpMethod.Get, path, App));

        Assert.NotEqual(HttpStatusCode.NoContent, preflight.StatusCode);
        Assert.Null(Header(preflight, "Access-Control-Allow-Origin"));
        Assert.Null(Header(read, "Access-Control-Allow-Origin"));
    }

    [Theory]
    [InlineData("https://a.example.com", true)]
    [InlineData("https://a.b.example.com", true)]
    [InlineData("https://example.com", false)]
    [InlineData("https://evilexample.com", false)]
    [InlineData("https://a.example.com.evil.net", false)]
    [InlineData("http://a.example.com", false)]
    [InlineData("https://a.example.com:8443", false)]
    [InlineData("https://user@a.example.com", false)]
    public async Task A_subdomain_pattern_admits_subdomains_only(string origin, bool admitted)
    {
        await using var server = await StartAsync("""{ "allowedOrigins": ["https://*.example.com"] }""");
        using var client = TestSessions.PlainClient(server);

        using var response = await client.SendAsync(Preflight("/hello", origin, "GET", null));

        Assert.Equal(admitted ? HttpStatusCode.NoContent : HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(admitted ? origin : null, Header(response, "Access-Control-Allow-Origin"));
    }

    [Theory]
    [InlineData(true, HttpStatusCode.NoContent)]
    [InlineData(false, HttpStatusCode.Forbidden)]
    public async Task A_listed_origin_whose_pages_send_cookies_may_write_with_the_cookie(bool credentials, HttpStatusCode expected)
    {
        await using var server = await StartAsync($$"""{ "allowedOrigins": ["https://*.example.com"], "allowCredentials": {{(credentials ? "true" : "false")}} }""");
        using var client = TestSessions.PlainClient(server);
        var token = await TestSessions.StartAsync(client, $"ann-{Guid.NewGuid():N}");

        using var response = await client.SendAsync(TestSessions.WithCookie(HttpMethod.Post, "/auth/sign-out-everywhere", token, "https://app.example.com"));

        Assert.Equal(expected, response.StatusCode);
        if (!credentials)
            Assert.Equal("csrf_origin_not_allowed", (await Problem.ReadAsync(response, HttpStatusCode.Forbidden)).Code);
    }

    [Fact]
    public async Task Any_origin_without_credentials_answers_with_a_star()
    {
        await using var server = await StartAsync("""{ "allowedOrigins": ["*"], "allowCredentials": false }""");
        using var client = TestSessions.PlainClient(server);

        using var preflight = await client.SendAsync(Preflight("/orders", "https://anyone.example", "POST", "content-type"));
        using var read = await client.SendAsync(WithOrigin(HttpMethod.Get, "/hello", "https://anyone.example"));

        Assert.Equal(HttpStatusCode.NoContent, preflight.StatusCode);
        foreach (var response in new[] { preflight, read })
        {
            Assert.Equal("*", Header(response, "Access-Control-Allow-Origin"));
            Assert.Null(Header(response, "Access-Control-Allow-Credentials"));
        }

        Assert.Null(Header(read, "Vary"));
    }

    [Fact]
    public async Task Without_cors_a_preflight_is_an_ordinary_OPTIONS_request()
    {
        await using var server = await AppServer.StartAsync();
        using var client = TestSessions.PlainClient(server);

        using var response = await client.SendAsync(Preflight("/hello", App, "GET", null));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Null(Header(response, "Access-Control-Allow-Origin"));
        Assert.Null(Header(response, "Vary"));
    }

    [Fact]
    public async Task A_requested_header_that_is_not_a_name_is_not_echoed()
    {
        await using var server = await StartAsync($$"""{ "allowedOrigins": ["{{App}}"] }""");
        using var client = TestSessions.PlainClient(server);

        using var response = await client.SendAsync(Preflight("/hello", App, "GET", "content-type,bad header"));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Null(Header(response, "Access-Control-Allow-Headers"));
    }

    [Theory]
    [InlineData("""{ "allowedOrigins": ["*"] }""", "set 'cors.allowCredentials' to false")]
    [InlineData("""{ "allowedOrigins": ["*", "https://app.example.com"], "allowCredentials": false }""", "'*' alone")]
    [InlineData("""{ "allowedOrigins": ["https://app.example.com/app"] }""", "'https://app.example.com/app', which is not an origin")]
    [InlineData("""{ "allowedOrigins": ["app.example.com"] }""", "'app.example.com', which is not an origin")]
    [InlineData("""{ "allowedOrigins": ["https://*.example.com/x"] }""", "'https://*.example.com/x', which is not an origin")]
    [InlineData("""{ "allowedOrigins": ["null"] }""", "'null', which is not an origin")]
    [InlineData("""{ "allowedOrigins": ["https://*.com"] }""", "'https://*.com', which is not an origin")]
    [InlineData("""{ "allowedOrigins": ["https://app.example.com"], "exposedHeaders": ["Bad Header"] }""", "'Bad Header', which is not a header name")]
    public async Task A_setting_browsers_could_not_honour_stops_the_start_in_words(string cors, string expected)
    {
        var error = await Assert.ThrowsAsync<StartupException>(() => StartAsync(cors));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    private static HttpRequestMessage Preflight(string path, string origin, string method, string? headers)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, path);
        request.Headers.TryAddWithoutValidation("Origin", origin);
        request.Headers.TryAddWithoutValidation("Access-Control-Request-Method", method);
        if (headers is not null)
            request.Headers.TryAddWithoutValidation("Access-Control-Request-Headers", headers);
        return request;
    }

    private static HttpRequestMessage WithOrigin(HttpMethod method, string path, string origin, string? json = null)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.TryAddWithoutValidation("Origin", origin);
        if (json is not null)
            request.Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        return request;
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values) ? string.Join(", ", values) : null;
}
