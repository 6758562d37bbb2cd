using Bunbase.Runtime.Configuration;
using Bunbase.Runtime.Foundation;

namespace Bunbase.Runtime.Accounts;

/// <summary><c>accounts.*</c> and the session lifetime the module needs, parsed once at start.</summary>
internal sealed class AccountsSettings
{
    public AccountsSettings(BunbaseOptions options)
    {
        var accounts = options.Accounts;
        RequireVerifiedEmail = accounts.RequireVerifiedEmail;
        CodeExpiresIn = Duration(accounts.CodeExpiresIn, "accounts.codeExpiresIn");
        CodeAttempts = accounts.CodeAttempts;
        Roles = [.. accounts.Roles];
        _rolePermissions = accounts.RolePermissions.GroupBy(r => r.Role, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.SelectMany(r => r.Permissions).Distinct(StringComparer.Ordinal).ToArray(), StringComparer.Ordinal);
        InviteExpiresIn = Duration(accounts.InviteExpiresIn, "accounts.inviteExpiresIn");
        ApiKeyCacheFor = Duration(accounts.ApiKeyCacheFor, "accounts.apiKeyCacheFor");
        MfaIssuer = accounts.MfaIssuer;
        ProviderTimeout = Duration(accounts.ProviderTimeout, "accounts.providerTimeout");
        SessionLifetime = Duration(options.Auth.AbsoluteExpiresIn, "auth.absoluteExpiresIn");
    }

    private readonly Dictionary<string, string[]> _rolePermissions;

    public bool RequireVerifiedEmail { get; }

    public TimeSpan CodeExpiresIn { get; }

    public int CodeAttempts { get; }

    public IReadOnlyList<string> Roles { get; }

    public TimeSpan ApiKeyCacheFor { get; }

    public TimeSpan InviteExpiresIn { get; }

    /// <summary>How long a call to a sign-in provider may take (<c>accounts.providerTimeout</c>).</summary>
    public TimeSpan ProviderTimeout { get; }

    /// <summary>The issuer in TOTP enrolment URIs (<c>accounts.mfaIssuer</c>).</summary>
    public string MfaIssuer { get; }

    /// <summary>The longest a session lives (<c>auth.absoluteExpiresIn</c>): a device list forgets sessions past it.</summary>
    public TimeSpan SessionLifetime { get; }

    /// <summary>The permissions <paramref name="roles"/> give (<c>accounts.rolePermissions</c>).</summary>
    public IReadOnlyList<string> PermissionsOf(IEnumerable<string> roles) =>
        [.. roles.SelectMany(r => _rolePermissions.TryGetValue(r, out var permissions) ? permissions : []).Distinct(StringComparer.Ordinal)];

    private static TimeSpan Duration(string text, string key) =>
        DurationText.Parse(text) ?? throw new StartupException($"{key} '{text}' is not a duration (30s, 5m, 1h, 7d)");
}
