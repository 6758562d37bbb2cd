using System.Net.Http.Headers;
using System.Text.Json;

namespace Bunbase.Cli.Benchmarking;

/// <summary>Makes a scenario's sign-in request once and returns the header its requests carry.</summary>
internal static class SessionSignIn
{
    public static async Task<KeyValuePair<string, string>> HeaderAsync(string scenario, SessionRequest session, HttpClient client, CancellationToken cancellationToken)
    {
        var request = session.Request;
        using var message = new HttpRequestMessage(new HttpMethod(request.Method), new Uri(request.Path, UriKind.Relative));
        string? contentType = null;
        foreach (var (name, value) in request.Headers)
        {
            if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
                contentType = value;
            else
                message.Headers.TryAddWithoutValidation(name, value);
        }

        if (request.Body is not null)
        {
            message.Content = new StringContent(request.Body);
            message.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType ?? "application/json");
        }

        using var response = await client.SendAsync(message, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
            throw new CliException($"scenario {scenario}: sign-in {request.Method} {request.Path} answered {(int)response.StatusCode}");
        var token = session.Token.StartsWith("cookie:", StringComparison.Ordinal)
            ? FromCookie(response, session.Token["cookie:".Length..])
            : await FromJsonAsync(response, session.Token["json:".Length..], cancellationToken).ConfigureAwait(false);
        if (string.IsNullOrEmpty(token))
            throw new CliException($"scenario {scenario}: sign-in {request.Method} {request.Path} answered no {session.Token}");
        return session.SendAs == "bearer"
            ? new("Authorization", $"Bearer {token}")
            : new("Cookie", $"{session.SendAs["cookie:".Length..]}={token}");
    }

    private static string? FromCookie(HttpResponseMessage response, string name)
    {
        if (!response.Headers.TryGetValues("Set-Cookie", out var cookies))
            return null;
        foreach (var cookie in cookies)
        {
            var pair = cookie.Split(';')[0];
            var equals = pair.IndexOf('=');
            if (equals > 0 && pair[..equals].Trim() == name)
                return pair[(equals + 1)..].Trim();
        }

        return null;
    }

    private static async Task<string?> FromJsonAsync(HttpResponseMessage response, string property, CancellationToken cancellationToken)
    {
        try
        {
            using var document = JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false));
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
                ? value.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
