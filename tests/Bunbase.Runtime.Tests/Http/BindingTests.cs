using System.Net;
using System.Text;
using System.Text.Json;
using Bunbase.Runtime.Tests.Infrastructure;

namespace Bunbase.Runtime.Tests.Http;

public sealed class BindingTests(ProductionApp app) : IClassFixture<ProductionApp>
{
    [Fact]
    public async Task Every_source_is_coerced_to_the_declared_type()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get,
            "/bind/42/my-slug?page=3&big=9007199254740993&price=12.50&flag=true&ref=6f1c2a8e-1d2b-4a5e-9c3f-2b1a0d9e8f7c"
            + "&at=2026-11-22T10:00:00%2B02:00&color=blue&tags=1&tags=2&tags=3&size=7");
        request.Headers.Add("X-Tenant", "acme");
        request.Headers.Add("Cookie", "session=s-1");

        var body = await GetJson(request);

        Assert.Equal(42, body.GetProperty("id").GetInt32());
        Assert.Equal("my-slug", body.GetProperty("slug").GetString());
        Assert.Equal(3, body.GetProperty("page").GetInt32());
        Assert.Equal(9007199254740993, body.GetProperty("big").GetInt64());
        Assert.Equal(12.50m, body.GetProperty("price").GetDecimal());
        Assert.True(body.GetProperty("flag").GetBoolean());
        Assert.Equal(Guid.Parse("6f1c2a8e-1d2b-4a5e-9c3f-2b1a0d9e8f7c"), body.GetProperty("ref").GetGuid());
        Assert.Equal(new DateTimeOffset(2026, 11, 22, 8, 0, 0, TimeSpan.Zero), body.GetProperty("at").GetDateTimeOffset().ToUniversalTime());
        Assert.Equal("Blue", body.GetProperty("color").GetString());
        Assert.Equal([1, 2, 3], body.GetProperty("tags").EnumerateArray().Select(t => t.GetInt32()).ToArray());
        Assert.Equal("acme", body.GetProperty("tenant").GetString());
        Assert.Equal("s-1", body.GetProperty("session").GetString());
        Assert.Equal(7, body.GetProperty("size").GetInt32());
    }

    [Fact]
    public async Task Absent_optional_values_are_null_or_their_default()
    {
        var body = await GetJson(new HttpRequestMessage(HttpMethod.Get, "/bind/1/s"));

        Assert.Equal(JsonValueKind.Null, body.GetProperty("page").ValueKind);
        Assert.Equal(JsonValueKind.Null, body.GetProperty("tags").ValueKind);
        Assert.Equal(10, body.GetProperty("size").GetInt32());
    }

    [Theory]
    [InlineData("color=3", "color")]
    [InlineData("color=purple", "color")]
    [InlineData("flag=yes", "flag")]
    [InlineData("ref=123", "ref")]
    [InlineData("at=yesterday", "at")]
    [InlineData("price=1e999999", "price")]
    [InlineData("tags=1&tags=x", "tags")]
    [InlineData("size=0", "size")]
    public async Task Values_that_do_not_coerce_are_400s_naming_the_parameter(string query, string key)
    {
        var problem = await Problem.ReadAsync(await app.Client.GetAsync($"/bind/1/s?{query}"), HttpStatusCode.BadRequest);

        Assert.Contains(key, problem.Errors.Keys);
    }

    [Fact]
    public async Task Body_path_header_and_query_mix_and_the_path_wins_over_the_body()
    {
        var id = Guid.NewGuid();
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/items/{id}?dryRun=true")
        {
            Content = new StringContent($$"""{"id":"{{Guid.NewGuid()}}","name":"widget"}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Version", "4");

        var body = await GetJson(request);

        Assert.Equal(id, body.GetProperty("id").GetGuid());
        Assert.Equal("widget", body.GetProperty("name").GetString());
        Assert.Equal(4, body.GetProperty("version").GetInt32());
        Assert.True(body.GetProperty("dryRun").GetBoolean());
    }

    [Fact]
    public async Task Missing_required_header_is_a_400_naming_it()
    {
        var problem = await Problem.ReadAsync(
            await app.Client.PutAsync($"/items/{Guid.NewGuid()}", new StringContent("""{"name":"w"}""", Encoding.UTF8, "application/json")),
            HttpStatusCode.BadRequest);

        Assert.Equal(["The header 'X-Version' is required."], problem.Errors["X-Version"]);
    }

    [Fact]
    public async Task Created_maps_location_header_and_cookie_and_leaves_them_out_of_the_body()
    {
        var response = await app.Client.PostAsync("/orders",
            new StringContent("""{"customer":{"email":"a@example.com"},"lines":[{"sku":"ABC-123","quantity":2},{"sku":"XYZ-999","quantity":3}]}""", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("/orders/1", response.Headers.Location?.OriginalString);
        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith("last-order=1", cookie, StringComparison.Ordinal);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("""{"lines":2,"units":5}""", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task No_content_has_an_empty_body()
    {
        var response = await app.Client.DeleteAsync($"/items/{Guid.NewGuid()}");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Head_answers_for_get_routes_without_a_body()
    {
        var response = await app.Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/hello"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Context_gives_action_name_trace_id_services_and_logger()
    {
        var body = await GetJson(new HttpRequestMessage(HttpMethod.Get, "/context"));

        Assert.Equal("context", body.GetProperty("action").GetString());
        Assert.Matches("^[0-9a-f]{32}$", body.GetProperty("traceId").GetString()!);
        Assert.True(body.GetProperty("hasServices").GetBoolean());
        Assert.True(body.GetProperty("hasLogger").GetBoolean());
    }

    [Fact]
    public async Task Health_endpoints_answer_with_their_checks()
    {
        foreach (var path in new[] { "/_health/live", "/_health/ready", "/_health" })
        {
            var response = await app.Client.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("Healthy", JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("status").GetString());
        }

        var summary = JsonDocument.Parse(await app.Client.GetStringAsync("/_health")).RootElement;
        Assert.Equal("Healthy", summary.GetProperty("checks").GetProperty("shutdown").GetProperty("status").GetString());
    }

    private async Task<JsonElement> GetJson(HttpRequestMessage request)
    {
        var response = await app.Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return JsonDocument.Parse(text).RootElement;
    }
}
