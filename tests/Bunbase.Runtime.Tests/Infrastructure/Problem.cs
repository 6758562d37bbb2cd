using System.Net;
using System.Text.Json;

namespace Bunbase.Runtime.Tests.Infrastructure;

/// <summary>A problem+json response, read and checked for the shape every error must have.</summary>
public sealed class Problem
{
    private Problem(HttpStatusCode status, JsonElement body, HttpResponseMessage response)
    {
        Status = status;
        Body = body;
        Response = response;
    }

    public HttpStatusCode Status { get; }

    public JsonElement Body { get; }

    public HttpResponseMessage Response { get; }

    public string Code => Body.GetProperty("code").GetString()!;

    public string Detail => Body.GetProperty("detail").GetString()!;

    /// <summary>The per-field messages, keyed as the client named the fields.</summary>
    public Dictionary<string, string[]> Errors =>
        Body.TryGetProperty("errors", out var errors)
            ? errors.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.EnumerateArray().Select(v => v.GetString()!).ToArray())
            : [];

    /// <summary>Reads a response that must be an RFC 9457 problem with the given status.</summary>
    public static async Task<Problem> ReadAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = JsonDocument.Parse(text).RootElement;
        Assert.Equal((int)expected, body.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(body.GetProperty("title").GetString()));
        Assert.Matches("^[0-9a-f]{32}$|^[0-9A-Z:]+$", body.GetProperty("traceId").GetString()!);
        Assert.False(string.IsNullOrEmpty(body.GetProperty("code").GetString()));
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
        return new Problem(response.StatusCode, body, response);
    }
}
