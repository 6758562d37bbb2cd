using System.ComponentModel.DataAnnotations;

namespace Bunbase.Runtime.Configuration;

/// <summary>
/// The accounts module (<c>accounts.*</c>): when enabled, the runtime keeps the accounts (its own tables) and
/// serves sign-up, sign-in, email verification, password reset, sessions and API keys under <c>/_accounts</c>.
/// An app that does not enable it is unchanged.
/// </summary>
public sealed class AccountsOptions
{
    /// <summary>Whether the module is on.</summary>
    /// <value>The default is <see langword="false"/>.</value>
    public bool Enabled { get; set; }

    /// <summary>Whether sign-in with a password is refused (403 <c>email_not_verified</c>) until the email is verified.</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool RequireVerifiedEmail { get; set; } = true;

    /// <summary>How long an emailed code (verification, password reset) can be used.</summary>
    /// <value>The default is <c>30m</c>.</value>
    [Required, RegularExpression(AuthOptions.DurationPattern)]
    public string CodeExpiresIn { get; set; } = "30m";

    /// <summary>Wrong guesses a code survives: the last one burns it (a new code must be asked for).</summary>
    /// <value>The default is 5.</value>
    [Range(1, 100)]
    public int CodeAttempts { get; set; } = 5;

    /// <summary>The roles of a new account's sessions.</summary>
    /// <value>The default is <c>["member"]</c>.</value>
#pragma warning disable CA1819 // Bound from configuration.
    public string[] Roles { get; set; } = ["member"];
#pragma warning restore CA1819

    /// <summary>The permissions each role gives an account's sessions; an API key may carry only permissions its creator's session holds.</summary>
    /// <value>The default is none.</value>
#pragma warning disable CA1819 // Bound from configuration.
    public AccountRoleOptions[] RolePermissions { get; set; } = [];
#pragma warning restore CA1819

    /// <summary>OpenID Connect providers to sign in with (authorization code with PKCE; accounts linked by verified email only).</summary>
    /// <value>The default is none.</value>
#pragma warning disable CA1819 // Bound from configuration.
    public OidcProviderOptions[] Oidc { get; set; } = [];
#pragma warning restore CA1819

    /// <summary>Sign-in with GitHub (OAuth 2.0; the email from GitHub's API, linked only when verified).</summary>
    /// <value>The default (none) is off.</value>
    public GitHubSignInOptions? GitHub { get; set; }

    /// <summary>How long an invitation to an organisation can be accepted.</summary>
    /// <value>The default is <c>7d</c>.</value>
    [Required, RegularExpression(AuthOptions.DurationPattern)]
    public string InviteExpiresIn { get; set; } = "7d";

    /// <summary>
    /// How long an instance trusts an API key it has looked up: a revoked key stops working on every instance
    /// within this (at once on the instance that revoked it).
    /// </summary>
    /// <value>The default is <c>5s</c>.</value>
    [Required, RegularExpression(AuthOptions.DurationPattern)]
    public string ApiKeyCacheFor { get; set; } = "5s";

    /// <summary>
    /// How long a call to a sign-in provider (OpenID Connect discovery and keys, the code exchange, GitHub's API) may
    /// take; past it, or when the provider cannot be reached, the sign-in answers 502 <c>oauth_provider_unavailable</c>.
    /// </summary>
    /// <value>The default is <c>10s</c>.</value>
    [Required, RegularExpression(AuthOptions.DurationPattern)]
    public string ProviderTimeout { get; set; } = "10s";

    /// <summary>The issuer an authenticator app shows next to the email for a TOTP enrolment (the <c>otpauth://</c> URI).</summary>
    /// <value>The default is <c>Bunbase</c>.</value>
    [Required, StringLength(100, MinimumLength = 1)]
    public string MfaIssuer { get; set; } = "Bunbase";
}
