using System.Text.Json;
using Bunbase.Runtime.Configuration;
using Microsoft.IdentityModel.Tokens;

namespace Bunbase.Runtime.Accounts.Oidc;

/// <summary>
/// One configured provider: its discovery document and signing keys, read on first use and kept (read again when an
/// id_token names a key not yet seen, at most once a minute).
/// </summary>
internal sealed class OidcProvider(OidcProviderOptions options, HttpClient http, TimeProvider clock)
{
    /// <summary>
    /// How long a provider whose discovery or keys could not be read is not asked again (502 meanwhile): otherwise every
    /// anonymous start would be one more request to it, and one more logged failure.
    /// </summary>
    public static readonly TimeSpan FailurePause = TimeSpan.FromSeconds(30);

    private readonly SemaphoreSlim _refresh = new(1, 1);
    private Metadata? _metadata;
    private DateTimeOffset _readAt;
    // UTC ticks of the last failed read (0: none); read outside the lock, so one word, never torn.
    private long _failedAt;

    public OidcProviderOptions Options { get; } = options;

    public string Issuer => Options.Issuer ?? (Options.Name == "google" ? "https://accounts.google.com" : "");

    public async Task<Metadata> MetadataAsync(bool refresh, CancellationToken cancellationToken)
    {
        if (_metadata is { } known && (!refresh || clock.GetUtcNow() - _readAt < TimeSpan.FromMinutes(1)))
            return known;
        ThrowIfPaused();
        await _refresh.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_metadata is { } fresh && (!refresh || clock.GetUtcNow() - _readAt < TimeSpan.FromMinutes(1)))
                return fresh;
            ThrowIfPaused(); // those that queued behind a failed read
            try
            {
                using var discovery = JsonDocument.Parse(await http.GetStringAsync(Issuer.TrimEnd('/') + "/.well-known/openid-configuration", cancellationToken).ConfigureAwait(false));
                var (issuer, authorization, token, jwksUri) = Read(Issuer, discovery.RootElement);
                var jwks = new JsonWebKeySet(await http.GetStringAsync(jwksUri, cancellationToken).ConfigureAwait(false));
                _metadata = new Metadata(issuer, authorization, token, jwks.GetSigningKeys());
            }
            catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or ArgumentException)
            {
                // The provider's fault, not the caller's: answered as an unavailable provider.
                Volatile.Write(ref _failedAt, clock.GetUtcNow().UtcTicks);
                throw new HttpRequestException($"The discovery document or the keys of '{Issuer}' could not be read.", ex);
            }
            catch (Exception ex) when (ex is HttpRequestException || (ex is TaskCanceledException && !cancellationToken.IsCancellationRequested))
            {
                Volatile.Write(ref _failedAt, clock.GetUtcNow().UtcTicks);
                throw;
            }

            _readAt = clock.GetUtcNow();
            return _metadata;
        }
        finally
        {
            _refresh.Release();
        }
    }

    private void ThrowIfPaused()
    {
        var ticks = Volatile.Read(ref _failedAt);
        var failedAt = new DateTimeOffset(ticks, TimeSpan.Zero);
        if (ticks != 0 && clock.GetUtcNow() - failedAt < FailurePause)
            throw new PausedException($"'{Issuer}' failed at {failedAt:O}; it is not asked again before {failedAt + FailurePause:O}.");
    }

    /// <summary>
    /// The issuer and endpoints of a discovery document, which must be the configured issuer's own (OpenID Connect
    /// Discovery 1.0, 4.3: otherwise tokens of another issuer would pass), with absolute http(s) endpoints (the
    /// authorization one is handed to the browser, the token one gets the client secret), https when the issuer is.
    /// </summary>
    /// <exception cref="ArgumentException">The document does not qualify (the provider's fault).</exception>
    internal static (string Issuer, Uri Authorization, Uri Token, Uri Jwks) Read(string configuredIssuer, JsonElement document)
    {
        var issuer = document.GetProperty("issuer").GetString();
        if (issuer is null || issuer.TrimEnd('/') != configuredIssuer.TrimEnd('/'))
            throw new ArgumentException($"The discovery document names the issuer '{issuer}', not '{configuredIssuer}'.");
        var secure = configuredIssuer.StartsWith("https://", StringComparison.OrdinalIgnoreCase);
        Uri Endpoint(string name) =>
            Uri.TryCreate(document.GetProperty(name).GetString(), UriKind.Absolute, out var uri)
            && (uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && !secure))
                ? uri : throw new ArgumentException($"The discovery document's {name} is not an absolute {(secure ? "https" : "http(s)")} URL.");
        return (issuer, Endpoint("authorization_endpoint"), Endpoint("token_endpoint"), Endpoint("jwks_uri"));
    }

    /// <summary>The provider failed a moment ago and is not asked again yet (that failure was logged).</summary>
    internal sealed class PausedException(string message) : HttpRequestException(message);

    internal sealed record Metadata(string Issuer, Uri AuthorizationEndpoint, Uri TokenEndpoint, IList<SecurityKey> Keys);
}
