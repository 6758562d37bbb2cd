using System.Collections.Frozen;
using Bunbase.Runtime.Configuration;
using Bunbase.Runtime.Foundation;

namespace Bunbase.Runtime.Accounts.Oidc;

/// <summary>The configured providers by name (checked at start: names, issuers, client ids, redirect URIs).</summary>
internal sealed class OidcProviders
{
    private readonly FrozenDictionary<string, OidcProvider> _byName;

    public OidcProviders(BunbaseOptions options, AccountsSettings settings, TimeProvider clock)
    {
        var http = new HttpClient { Timeout = settings.ProviderTimeout, MaxResponseContentBufferSize = MaxAnswerBytes };
        Timeout = settings.ProviderTimeout;
        var providers = new Dictionary<string, OidcProvider>(StringComparer.Ordinal);
        foreach (var (provider, i) in options.Accounts.Oidc.Select((p, i) => (p, i)))
        {
            var key = $"accounts.oidc.{i}";
            if (!System.Text.RegularExpressions.Regex.IsMatch(provider.Name, "^[a-z0-9-]{1,30}$"))
                throw new StartupException($"{key}.name '{provider.Name}' must be 1-30 lower-case letters, digits or '-'");
            if (provider.Issuer is null && provider.Name != "google")
                throw new StartupException($"{key}.issuer is required (the provider's issuer URL)");
            if (string.IsNullOrWhiteSpace(provider.ClientId) || string.IsNullOrWhiteSpace(provider.RedirectUri))
                throw new StartupException($"{key}: clientId and redirectUri are required");
            if (!providers.TryAdd(provider.Name, new OidcProvider(provider, http, clock)))
                throw new StartupException($"{key}.name '{provider.Name}' is configured twice");
        }

        _byName = providers.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>
    /// The most a provider's answer (discovery, keys, token, GitHub's API) may weigh: real ones are a few kilobytes, and a
    /// larger one is refused (502) before it is all held in memory.
    /// </summary>
    public const int MaxAnswerBytes = 1 << 20;

    /// <summary>How long a call to a provider may take (<c>accounts.providerTimeout</c>).</summary>
    public TimeSpan Timeout { get; }

    public OidcProvider Get(string name) =>
        _byName.TryGetValue(name, out var provider) ? provider : throw new NotFoundException($"There is no sign-in provider '{name}'.", "oauth_provider_not_found");
}
