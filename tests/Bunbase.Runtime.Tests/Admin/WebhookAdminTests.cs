using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bunbase.Runtime.Configuration;
using Bunbase.Runtime.Tests.Infrastructure;
using Bunbase.Runtime.Tests.Webhooks;
using Microsoft.Extensions.DependencyInjection;

namespace Bunbase.Runtime.Tests.Admin;

/// <summary>The webhook endpoints' admin API: only for an admin session; every bad request a 4xx.</summary>
public sealed class WebhookAdminTests : IAsyncLifetime
{
    private WebhooksAppServer _app = null!;
    private string _admin = null!;

    public async Task InitializeAsync()
    {
        _app = await WebhooksAppServer.StartAsync();
        var payload = TokenForge.Payload(_app.Server.Services.GetRequiredService<BunbaseOptions>().Name, "ops", TimeSpan.Zero, TimeSpan.FromHours(1));
        payload["roles"] = new JsonArray("admin");
        _admin = TokenForge.Sign(payload, AppServer.SessionSecret);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task An_admin_adds_lists_inspects_disables_and_removes_an_endpoint()
    {
        var created = await SendAsync(HttpMethod.Post, "/_admin/webhooks", new { url = "https://hooks.example.com/in", eventTypes = new[] { "note.*" }, description = "crm" });
        Assert.Equal(HttpStatusCode.Created, created.Status);
        var id = created.Body.GetProperty("id").GetString()!;
        Assert.StartsWith("whsec_", created.Body.GetProperty("secret").GetString(), StringComparison.Ordinal);

        var listed = await SendAsync(HttpMethod.Get, "/_admin/webhooks");
        var item = Assert.Single(listed.Body.GetProperty("items").EnumerateArray());
        Assert.Equal(JsonValueKind.Null, item.GetProperty("secret").ValueKind); // the secret only when asked for one endpoint
        Assert.Equal("note.*", item.GetProperty("eventTypes")[0].GetString());

        Assert.StartsWith("whsec_", (await SendAsync(HttpMethod.Get, $"/_admin/webhooks/{id}")).Body.GetProperty("secret").GetString(), StringComparison.Ordinal);
        Assert.Equal("disabled", (await SendAsync(HttpMethod.Post, $"/_admin/webhooks/{id}/disable")).Body.GetProperty("status").GetString());
        Assert.False((await SendAsync(HttpMethod.Get, $"/_admin/webhooks/{id}")).Body.GetProperty("enabled").GetBoolean());
        Assert.Equal(HttpStatusCode.NoContent, (await SendAsync(HttpMethod.Delete, $"/_admin/webhooks/{id}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(HttpMethod.Delete, $"/_admin/webhooks/{id}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(HttpMethod.Post, "/_admin/webhooks/deliveries/dl_nope/redeliver")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(HttpMethod.Get, "/_admin/webhooks/deliveries/dl_nope")).Status);
        Assert.Empty((await SendAsync(HttpMethod.Get, "/_admin/webhooks/deliveries?status=failed&limit=5")).Body.GetProperty("items").EnumerateArray());
    }

    [Theory]
    [InlineData("{\"url\":\"ftp://x.example.com\"}", "url")]
    [InlineData("{\"url\":\"https://user:pass@x.example.com\"}", "url")]
    [InlineData("{}", "url")]
    [InlineData("{\"url\":\"https://x.example.com\",\"eventTypes\":\"note\"}", "eventTypes")]
    [InlineData("{\"url\":\"https://x.example.com\",\"eventTypes\":[\"a b\"]}", "eventTypes")]
    [InlineData("{\"url\":\"https://x.example.com\",\"eventTypes\":[\"*a\"]}", "eventTypes")]
    // As for an action body: a key given twice is never last-wins, and a NUL is refused on both engines.
    [InlineData("{\"url\":\"https://a.example.com\",\"url\":\"https://b.example.com\"}", "url")]
    [InlineData("{\"url\":\"https://a.example.com\",\"eventTypes\":[\"a\"],\"eventTypes\":[\"b\"]}", "eventTypes")]
    [InlineData("{\"url\":\"https://a.example.com/\\u0000\"}", "url")]
    [InlineData("{\"url\":\"https://a.example.com\",\"description\":\"crm\\u0000\"}", "description")]
    public async Task A_bad_endpoint_is_a_400_naming_the_field_and_nothing_is_stored(string body, string field)
    {
        using var request = TestSessions.WithBearer(HttpMethod.Post, "/_admin/webhooks", _admin);
        request.Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        using var response = await _app.Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, text);
        var problem = JsonDocument.Parse(text).RootElement;
        Assert.Equal("validation_failed", problem.GetProperty("code").GetString());
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), text);
        Assert.Empty((await SendAsync(HttpMethod.Get, "/_admin/webhooks")).Body.GetProperty("items").EnumerateArray());
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("application/json; charset=utf-16")]
    public async Task A_body_that_is_not_json_is_a_415_as_for_an_action(string contentType)
    {
        using var request = TestSessions.WithBearer(HttpMethod.Post, "/_admin/webhooks", _admin);
        request.Content = new ByteArrayContent("{\"url\":\"https://a.example.com\"}"u8.ToArray());
        request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        using var response = await _app.Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();

        Assert.True(response.StatusCode == HttpStatusCode.UnsupportedMediaType, text);
        Assert.Equal("unsupported_media_type", JsonDocument.Parse(text).RootElement.GetProperty("code").GetString());
        Assert.Empty((await SendAsync(HttpMethod.Get, "/_admin/webhooks")).Body.GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task Bad_json_a_bad_status_and_no_session_are_4xx()
    {
        using (var request = TestSessions.WithBearer(HttpMethod.Post, "/_admin/webhooks", _admin))
        {
            request.Content = new StringContent("{not json", System.Text.Encoding.UTF8, "application/json");
            using var response = await _app.Client.SendAsync(request);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        }

        // JSON, but a string that is not Unicode (an escaped surrogate without its pair): a 400 saying where, not a 500.
        using (var request = TestSessions.WithBearer(HttpMethod.Post, "/_admin/webhooks", _admin))
        {
            request.Content = new StringContent("{\"url\":\"https://x.example.com/\\ud800\"}", System.Text.Encoding.UTF8, "application/json");
            using var response = await _app.Client.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, text);
            Assert.Contains("at byte 8", text, StringComparison.Ordinal);
        }

        // A string whose bytes are not UTF-8.
        using (var request = TestSessions.WithBearer(HttpMethod.Post, "/_admin/webhooks", _admin))
        {
            request.Content = new ByteArrayContent([.. "{\"url\":\"http://"u8, 0xFF, .. "/\"}"u8]);
            request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            using var response = await _app.Client.SendAsync(request);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        }

        Assert.Equal(HttpStatusCode.BadRequest, (await SendAsync(HttpMethod.Get, "/_admin/webhooks/deliveries?status=lost")).Status);
        using var anonymous = await _app.Client.GetAsync("/_admin/webhooks");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(HttpMethod method, string path, object? body = null)
    {
        using var request = TestSessions.WithBearer(method, path, _admin);
        if (body is not null)
            request.Content = JsonContent.Create(body);
        using var response = await _app.Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }
}
