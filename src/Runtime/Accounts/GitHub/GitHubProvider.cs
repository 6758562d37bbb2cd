using System.Net.Http.Headers;
using System.Text.Json;
using Bunbase.Runtime.Configuration;
using Bunbase.Runtime.Foundation;

namespace Bunbase.Runtime.Accounts.GitHub;

/// <summary>
/// Sign-in with GitHub (<c>accounts.github</c>), OAuth 2.0 without OpenID Connect: the authorization code (with PKCE)
/// is exchanged for an access token, which reads <c>GET /user</c> (the subject: the numeric id, stable across renames)
/// and <c>GET /user/emails</c> (the primary email and whether GitHub verified it).
/// </summary>
internal sealed class GitHubProvider
{
    public const string Name = "github";

    private readonly HttpClient _http;

    public GitHubProvider(BunbaseOptions options, AccountsSettings settings)
    {
        _http = new HttpClient { Timeout = settings.ProviderTimeout, MaxResponseContentBufferSize = Oidc.OidcProviders.MaxAnswerBytes };
        Options = options.Accounts.GitHub;
        if (Options is null)
            return;
        if (string.IsNullOrWhiteSpace(Options.ClientId) || string.IsNullOrWhiteSpace(Options.RedirectUri))
            throw new StartupException("accounts.github: clientId and redirectUri are required");
        if (!Uri.TryCreate(Options.WebUrl, UriKind.Absolute, out _) || !Uri.TryCreate(Options.ApiUrl, UriKind.Absolute, out _))
            throw new StartupException("accounts.github: webUrl and apiUrl must be absolute URLs");
        if (options.Accounts.Oidc.Any(p => p.Name == Name))
            throw new StartupException("accounts.oidc names a provider 'github' and accounts.github is set: keep one");
    }

    /// <summary>The settings, or null when GitHub sign-in is off.</summary>
    public GitHubSignInOptions? Options { get; }

    public string AuthorizationEndpoint => Options!.WebUrl.TrimEnd('/') + "/login/oauth/authorize";

    /// <summary>The GitHub user's id, and its primary email when GitHub verified it (null otherwise).</summary>
    public async Task<(string Subject, string? VerifiedEmail)> IdentifyAsync(string code, string verifier, CancellationToken cancellationToken)
    {
        var options = Options!;
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["client_id"] = options.ClientId,
            ["client_secret"] = options.ClientSecret,
            ["code"] = code,
            ["redirect_uri"] = options.RedirectUri,
            ["code_verifier"] = verifier,
        });
        using var exchange = new HttpRequestMessage(HttpMethod.Post, options.WebUrl.TrimEnd('/') + "/login/oauth/access_token") { Content = form };
        // GitHub answers 200 with an "error" member for a bad code.
        using var token = await SendAsync(exchange, cancellationToken).ConfigureAwait(false);
        var accessToken = token is not null && token.RootElement.ValueKind == JsonValueKind.Object
            && token.RootElement.TryGetProperty("access_token", out var at) && at.ValueKind == JsonValueKind.String ? at.GetString() : null;
        if (string.IsNullOrEmpty(accessToken))
            throw new BadRequestException("oauth_code_invalid", "GitHub refused the code (wrong, used or expired): start again.");

        using var user = await GetAsync("/user", accessToken, cancellationToken).ConfigureAwait(false);
        var subject = user?.RootElement is { ValueKind: JsonValueKind.Object } u && u.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.Number
            ? id.GetRawText() : null;
        if (subject is null)
            throw new BadRequestException("oauth_token_invalid", "GitHub's answer names no user.");
        using var emails = await GetAsync("/user/emails", accessToken, cancellationToken).ConfigureAwait(false);
        string? email = null;
        if (emails?.RootElement is { ValueKind: JsonValueKind.Array } list)
        {
            foreach (var entry in list.EnumerateArray())
            {
                if (entry.ValueKind == JsonValueKind.Object && Flag(entry, "primary") && Flag(entry, "verified")
                    && entry.TryGetProperty("email", out var e) && e.ValueKind == JsonValueKind.String)
                    email = e.GetString();
            }
        }

        return (subject, email);
    }

    private static bool Flag(JsonElement entry, string name) => entry.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.True;

    private async Task<JsonDocument?> GetAsync(string path, string accessToken, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Options!.ApiUrl.TrimEnd('/') + path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        request.Headers.Add("X-GitHub-Api-Version", "2022-11-28");
        return await SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The JSON answer, or null for a refusal or a body that is not JSON; a failure to get an answer (network, timeout,
    /// a 5xx) propagates, for the action to answer 502.
    /// </summary>
    private async Task<JsonDocument?> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        request.Headers.UserAgent.ParseAdd("Bunbase"); // GitHub's API refuses requests without one
        using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        // GitHub failing is not the caller's refused code or unverified email: 502, as when it does not answer.
        if ((int)response.StatusCode >= 500)
            throw new HttpRequestException($"GitHub answered {(int)response.StatusCode}.");
        if (!response.IsSuccessStatusCode)
            return null;
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
