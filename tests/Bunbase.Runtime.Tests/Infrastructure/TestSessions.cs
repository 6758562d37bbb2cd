using System.Net.Http.Json;
using System.Text.Json;

namespace Bunbase.Runtime.Tests.Infrastructure;

/// <summary>Signing in to the fixture app and sending its session as a cookie or a bearer token.</summary>
public static class TestSessions
{
    /// <summary>A client that never stores or sends cookies by itself: tests say exactly what is sent.</summary>
    public static HttpClient PlainClient(AppServer server) =>
        new(new SocketsHttpHandler { UseCookies = false }) { BaseAddress = server.Address, Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>A session from the fixture's password-less sign-in; returns its token.</summary>
    public static async Task<string> StartAsync(HttpClient client, string userId, string[]? roles = null, string[]? permissions = null)
    {
        using var response = await client.PostAsJsonAsync("/auth/session", new { userId, roles, permissions });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("token").GetString()!;
    }

    public static HttpRequestMessage WithBearer(HttpMethod method, string path, string token)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + token);
        return request;
    }

    public static HttpRequestMessage WithCookie(HttpMethod method, string path, string token, string? origin = null, string cookieName = "session")
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.TryAddWithoutValidation("Cookie", $"{cookieName}={token}");
        if (origin is not null)
            request.Headers.TryAddWithoutValidation("Origin", origin);
        return request;
    }

    /// <summary>The id the fixture's <c>GET /auth/maybe</c> sees (null: anonymous).</summary>
    public static async Task<string?> WhoAsync(HttpClient client, HttpRequestMessage request)
    {
        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("id").GetString();
    }

    /// <summary>The session's Set-Cookie header, or null.</summary>
    public static string? SetCookie(HttpResponseMessage response, string cookieName = "session") =>
        response.Headers.TryGetValues("Set-Cookie", out var values) ? values.FirstOrDefault(v => v.StartsWith(cookieName + "=", StringComparison.Ordinal)) : null;
}
