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
    private readonly SemaphoreSlim _refresh = new(1, 1);
    private Metadata? _metadata;
    private DateTimeOffset _readAt;

    public OidcProviderOptions Options { get; } = options;

    public string Issuer => Options.Issuer ?? (Options.Name == "google" ? "https://accounts.google.com" : "");

    public async Task<Metadata> MetadataAsync(bool refresh, CancellationToken cancellationToken)
    {
        if (_metadata is { } known && (!refresh || clock.GetUtcNow() - _readAt < TimeSpan.FromMinutes(1)))
            return known;
        await _refresh.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_metadata is { } fresh && (!refresh || clock.GetUtcNow() - _readAt < TimeSpan.FromMinutes(1)))
                return fresh;
            try
            {
                using var discovery = JsonDocument.Parse(await http.GetStringAsync(Issuer.TrimEnd('/') + "/.well-known/openid-configuration", cancellationToken).ConfigureAwait(false));
                var root = discovery.RootElement;
                var jwks = new JsonWebKeySet(await http.GetStringAsync(root.GetProperty("jwks_uri").GetString(), cancellationToken).ConfigureAwait(false));
                _metadata = new Metadata(
                    root.GetProperty("issuer").GetString()!,
                    root.GetProperty("authorization_endpoint").GetString()!,
                    root.GetProperty("token_endpoint").GetString()!,
                    jwks.GetSigningKeys());
            }
            catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or ArgumentException)
            {
                // The provider's fault, not the caller's: answered as an unavailable provider.
                throw new HttpRequestException($"The discovery document or the keys of '{Issuer}' could not be read.", ex);
            }

            _readAt = clock.GetUtcNow();
            return _metadata;
        }
        finally
        {
            _refresh.Release();
        }
    }

    internal sealed record Metadata(string Issuer, string AuthorizationEndpoint, string TokenEndpoint, IList<SecurityKey> Keys);
}
