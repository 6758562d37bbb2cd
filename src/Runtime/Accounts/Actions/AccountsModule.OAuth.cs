using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Bunbase.Runtime.Accounts.GitHub;
using Bunbase.Runtime.Accounts.Mfa;
using Bunbase.Runtime.Accounts.Oidc;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Bunbase.Runtime.Accounts.Actions;

internal static partial class AccountsModule
{
    private const string BindingCookie = "bunbase_oauth";
    private static readonly TimeSpan StateLifetime = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Starts a sign-in with an OpenID Connect provider: the URL to send the browser to (authorization code with
    /// PKCE, a fresh state and nonce) and a cookie that binds the state to this browser.
    /// </summary>
    [Action("oauth-start", Description = "Starts a sign-in with an OpenID Connect provider: the URL to send the browser to, and a cookie binding it to this browser")]
    [Get("/oauth/{provider}/start")]
    [AllowAnonymous]
    [ErrorResponses(404)]
    internal sealed class OAuthStart(OidcProviders providers, GitHubProvider github) : ActionHandler<OAuthStart.Input, OAuthStart.Output>
    {
        public sealed record Input([StringLength(30)] string Provider);

        public sealed record Output(string Url, [property: ResponseCookie(BindingCookie, MaxAgeSeconds = 600, Path = "/_accounts/oauth"), Sensitive] string Binding);

        public override async Task<Output> RunAsync(Input input, ActionContext context, CancellationToken cancellationToken)
        {
            var gitHub = input.Provider == GitHubProvider.Name ? github.Options : null;
            var provider = gitHub is null ? providers.Get(input.Provider) : null;
            var endpoint = provider is null ? github.AuthorizationEndpoint
                : (await FromProviderAsync(context, input.Provider, () => provider.MetadataAsync(refresh: false, cancellationToken), cancellationToken).ConfigureAwait(false)).AuthorizationEndpoint.AbsoluteUri;
            var (state, nonce, verifier, binding) = (Random(), Random(), Random() + Random(), Random());
            await context.Kv.SetAsync(StateKey(state), new OAuthState(input.Provider, Sha256(binding), nonce, verifier), StateLifetime, cancellationToken).ConfigureAwait(false);
            var query = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["response_type"] = "code",
                ["client_id"] = gitHub?.ClientId ?? provider!.Options.ClientId,
                ["redirect_uri"] = gitHub?.RedirectUri ?? provider!.Options.RedirectUri,
                ["scope"] = gitHub?.Scopes ?? provider!.Options.Scopes,
                ["state"] = state,
                ["code_challenge"] = Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))),
                ["code_challenge_method"] = "S256",
            };
            if (provider is not null)
                query["nonce"] = nonce; // OpenID Connect only
            var url = endpoint + (endpoint.Contains('?', StringComparison.Ordinal) ? "&" : "?")
                + string.Join("&", query.Select(p => Uri.EscapeDataString(p.Key) + "=" + Uri.EscapeDataString(p.Value)));
            return new Output(url, binding);
        }
    }

    /// <summary>
    /// Finishes the sign-in with the provider's code and state: the state must be this browser's (the cookie), unused and
    /// unexpired; the code is exchanged with the PKCE verifier; the id_token is checked (signature, issuer, audience,
    /// times, nonce). The account is the one linked to the provider's subject, else the one with the same email when the
    /// provider says it is verified, else a new one; an unverified email is refused.
    /// </summary>
    [Action("oauth-callback", Description = "Finishes a sign-in with an OpenID Connect provider (code and state from its redirect; the binding cookie of oauth-start)")]
    [Post("/oauth/{provider}/callback")]
    [AllowAnonymous]
    [ErrorResponses(400, 403, 404)]
    [SignsIn]
    internal sealed class OAuthCallback(OidcProviders providers, GitHubProvider github, AccountStore store, AccountSessions sessions, ApiKeys keys, TotpFactors factors) : ActionHandler<OAuthCallback.Input, SignedInView>
    {
        private static readonly JsonWebTokenHandler Tokens = new();
        private static readonly TimeSpan Skew = TimeSpan.FromMinutes(1);

        public sealed record Input(
            [StringLength(30)] string Provider,
            [Required, StringLength(2048)] [property: Sensitive] string Code,
            [Required, StringLength(200)] string State,
            [property: FromCookie(BindingCookie), Sensitive] string? Binding = null,
            [property: FromHeader("User-Agent")] string? UserAgent = null);

        public override async Task<SignedInView> RunAsync(Input input, ActionContext context, CancellationToken cancellationToken)
        {
            var gitHub = input.Provider == GitHubProvider.Name && github.Options is not null;
            var provider = gitHub ? null : providers.Get(input.Provider);
            var key = StateKey(input.State);
            var state = await context.Kv.GetAsync<OAuthState>(key, cancellationToken).ConfigureAwait(false);
            // Taken once: a replayed callback (the same code and state again) finds nothing.
            if (state is null || !await context.Kv.DeleteAsync(key, cancellationToken).ConfigureAwait(false)
                || state.Provider != input.Provider || input.Binding is null
                || !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Sha256(input.Binding)), Encoding.ASCII.GetBytes(state.BindingHash)))
                throw new BadRequestException("oauth_state_invalid", "The sign-in's state is unknown, used, expired or from another browser: start again.");

            var (subject, email, verified) = await FromProviderAsync(
                context,
                input.Provider,
                () => provider is null
                    ? GitHubIdentityAsync(input.Code, state.Verifier, context, cancellationToken)
                    : OidcIdentityAsync(provider, providers.Timeout, input.Code, state, context, cancellationToken),
                cancellationToken).ConfigureAwait(false);

            IReadOnlyList<string>? revokedKeys = null;
            var account = await context.Db.TransactionAsync(async db =>
            {
                var linked = await db.QuerySingleOrDefaultAsync<string>(
                    "select account_id from bunbase_account_identities where provider = @Provider and subject = @subject",
                    new { input.Provider, subject },
                    cancellationToken).ConfigureAwait(false);
                if (linked is not null)
                    return await store.FindByIdAsync(db, linked, cancellationToken).ConfigureAwait(false);
                // A provider's email enters as a typed one does: only a plain address names an account.
                if (email is null || !verified || !AccountEmailAttribute.IsPlainAddress(email))
                    throw new ForbiddenException("The provider did not confirm a verified, plain email address; it cannot be linked to an account.", "oauth_email_unverified");
                var account = await store.FindByEmailAsync(db, email, cancellationToken).ConfigureAwait(false);
                if (account is { EmailVerified: false } && await store.MarkVerifiedAsync(db, account.Id, cancellationToken).ConfigureAwait(false))
                {
                    // Someone registered this email without proving it: nothing of theirs may survive into the owner's account.
                    revokedKeys = await TakeOverAsync(db, account.Id, cancellationToken).ConfigureAwait(false);
                    await AccountEvents.VerifiedAsync(context, account, cancellationToken).ConfigureAwait(false);
                }

                if (account is null)
                {
                    account = await store.AddAsync(db, email, null, null, verified: true, cancellationToken).ConfigureAwait(false);
                    if (account is not null)
                        await AccountEvents.CreatedAsync(context, account, cancellationToken).ConfigureAwait(false);
                    account ??= await store.FindByEmailAsync(db, email, cancellationToken).ConfigureAwait(false);
                }

                // A simultaneous first sign-in of the same subject may have linked it meanwhile: then its link wins (never a key violation).
                var added = await db.ExecuteAsync(
                    "insert into bunbase_account_identities (provider, subject, account_id, created_at) values (@Provider, @subject, @Id, @Now) on conflict (provider, subject) do nothing",
                    new { input.Provider, subject, account!.Id, store.Now },
                    cancellationToken).ConfigureAwait(false);
                var accountId = added == 1 ? account.Id : await db.QuerySingleAsync<string>(
                    "select account_id from bunbase_account_identities where provider = @Provider and subject = @subject",
                    new { input.Provider, subject },
                    cancellationToken).ConfigureAwait(false);
                return await store.FindByIdAsync(db, accountId, cancellationToken).ConfigureAwait(false);
            }, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (revokedKeys is not null)
            {
                // After the commit (on the embedded file the revocation is written by another connection), before the new session.
                keys.Forget(revokedKeys);
                await context.Auth.SignOutEverywhereAsync(account!.Id, cancellationToken).ConfigureAwait(false);
            }

            return await sessions.SignInAsync(context, account!, input.UserAgent, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>
        /// Clears what an unproven registrant of the email left on the account: its password, its sessions (recorded
        /// here; ended everywhere by the caller after the commit), its API keys, its second factor and pending MFA sign-ins.
        /// </summary>
        private async Task<IReadOnlyList<string>> TakeOverAsync(ISqlDatabase db, string accountId, CancellationToken cancellationToken)
        {
            await db.ExecuteAsync("update bunbase_accounts set password_hash = null where id = @accountId", new { accountId }, cancellationToken).ConfigureAwait(false);
            await sessions.EndAllAsync(db, accountId, cancellationToken).ConfigureAwait(false);
            await factors.DisableAsync(db, accountId, cancellationToken).ConfigureAwait(false);
            await db.ExecuteAsync("delete from bunbase_mfa_challenges where account_id = @accountId", new { accountId }, cancellationToken).ConfigureAwait(false);
            return await keys.RevokeAllAsync(db, accountId, cancellationToken).ConfigureAwait(false);
        }

        private async Task<(string Subject, string? Email, bool Verified)> GitHubIdentityAsync(string code, string verifier, ActionContext context, CancellationToken cancellationToken)
        {
            var (subject, email) = await github.IdentifyAsync(code, verifier, cancellationToken).ConfigureAwait(false);
            return (subject, email is null ? null : context.Auth.NormalizeIdentifier(email), email is not null);
        }

        private static async Task<(string Subject, string? Email, bool Verified)> OidcIdentityAsync(OidcProvider provider, TimeSpan timeout, string code, OAuthState state, ActionContext context, CancellationToken cancellationToken)
        {
            var metadata = await provider.MetadataAsync(refresh: false, cancellationToken).ConfigureAwait(false);
            var idToken = await ExchangeAsync(provider, metadata, timeout, code, state.Verifier, cancellationToken).ConfigureAwait(false);
            var claims = await ValidateAsync(provider, metadata, idToken, cancellationToken).ConfigureAwait(false);
            if (!claims.TryGetValue("nonce", out var nonce) || nonce as string != state.Nonce)
                throw new BadRequestException("oauth_nonce_mismatch", "The provider's token is not for this sign-in: start again.");
            var subject = claims.TryGetValue("sub", out var sub) ? sub as string : null;
            if (string.IsNullOrEmpty(subject))
                throw new BadRequestException("oauth_token_invalid", "The provider's token names no subject.");
            var email = claims.TryGetValue("email", out var mail) && mail is string text ? context.Auth.NormalizeIdentifier(text) : null;
            var verified = claims.TryGetValue("email_verified", out var flag) && (flag is true || (flag as string) == "true");
            return (subject, email, verified);
        }

        private static async Task<string> ExchangeAsync(OidcProvider provider, OidcProvider.Metadata metadata, TimeSpan timeout, string code, string verifier, CancellationToken cancellationToken)
        {
            using var http = new HttpClient { Timeout = timeout, MaxResponseContentBufferSize = OidcProviders.MaxAnswerBytes };
            using var form = new FormUrlEncodedContent(new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["grant_type"] = "authorization_code",
                ["code"] = code,
                ["redirect_uri"] = provider.Options.RedirectUri,
                ["client_id"] = provider.Options.ClientId,
                ["client_secret"] = provider.Options.ClientSecret,
                ["code_verifier"] = verifier,
            });
            var response = await http.PostAsync(metadata.TokenEndpoint, form, cancellationToken).ConfigureAwait(false);
            using (response)
            {
                var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
                // A failing provider is not a refused code: 502, as when it does not answer.
                if ((int)response.StatusCode >= 500)
                    throw new HttpRequestException($"The token endpoint answered {(int)response.StatusCode}.");
                if (!response.IsSuccessStatusCode)
                    throw new BadRequestException("oauth_code_invalid", "The provider refused the code (wrong, used or expired): start again.");
                try
                {
                    using var json = JsonDocument.Parse(body);
                    return json.RootElement.GetProperty("id_token").GetString() ?? throw new KeyNotFoundException();
                }
                catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
                {
                    throw new BadRequestException("oauth_token_invalid", "The provider's answer has no id_token.");
                }
            }
        }

        private static async Task<IDictionary<string, object>> ValidateAsync(OidcProvider provider, OidcProvider.Metadata metadata, string idToken, CancellationToken cancellationToken)
        {
            for (var attempt = 0; ; attempt++)
            {
                var result = await Tokens.ValidateTokenAsync(idToken, new TokenValidationParameters
                {
                    ValidIssuer = metadata.Issuer,
                    ValidAudience = provider.Options.ClientId,
                    IssuerSigningKeys = metadata.Keys,
                    ValidateLifetime = true,
                    ClockSkew = Skew,
                }).ConfigureAwait(false);
                if (result.IsValid)
                {
                    // Ours alone (OpenID Connect Core 3.1.3.7): a token that also names, or was issued to (azp), another client is that client's.
                    var token = (JsonWebToken)result.SecurityToken;
                    if (token.Audiences.Any(a => a != provider.Options.ClientId)
                        || (result.Claims.TryGetValue("azp", out var azp) && azp as string != provider.Options.ClientId))
                        throw new BadRequestException("oauth_token_invalid", "The provider's id_token is also for another client.");
                    // The lifetime check reads exp and nbf only; a token issued in the future is no more valid than one not yet valid.
                    if (token.TryGetPayloadValue<long>("iat", out var iat) && iat > DateTimeOffset.UtcNow.Add(Skew).ToUnixTimeSeconds())
                        throw new BadRequestException("oauth_token_invalid", "The provider's id_token was issued in the future.");
                    return result.Claims;
                }

                // A key rotated at the provider: read its keys again, once.
                if (attempt == 0 && result.Exception is SecurityTokenSignatureKeyNotFoundException)
                {
                    metadata = await provider.MetadataAsync(refresh: true, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                throw new BadRequestException("oauth_token_invalid", "The provider's id_token did not validate (signature, issuer, audience or times).");
            }
        }
    }

    /// <summary>
    /// A call to the sign-in provider; when it cannot be reached or does not answer within <c>accounts.providerTimeout</c>
    /// (or serves an unreadable or unusable discovery document), 502 <c>oauth_provider_unavailable</c>, logged: the provider's
    /// failure, not the caller's.
    /// </summary>
    private static async Task<T> FromProviderAsync<T>(ActionContext context, string provider, Func<Task<T>> call, CancellationToken cancellationToken)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException || (ex is TaskCanceledException or TimeoutException && !cancellationToken.IsCancellationRequested))
        {
            if (ex is not OidcProvider.PausedException)
                LogProviderUnavailable(context.Logger, provider, ex);
            throw new ActionException(502, "oauth_provider_unavailable", "The sign-in provider did not answer; try again.");
        }
    }

    [Microsoft.Extensions.Logging.LoggerMessage(Level = Microsoft.Extensions.Logging.LogLevel.Warning, Message = "Sign-in provider {Provider} did not answer")]
    private static partial void LogProviderUnavailable(Microsoft.Extensions.Logging.ILogger logger, string provider, Exception exception);

    private static string StateKey(string state) => "bunbase:accounts:oauth:" + Sha256(state);

    private static string Random() => Base64Url(RandomNumberGenerator.GetBytes(24));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
