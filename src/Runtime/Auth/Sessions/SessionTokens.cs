using System.Collections.Concurrent;
using System.Security.Cryptography;
using Bunbase.Runtime.Auth.Guards;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Bunbase.Runtime.Auth.Sessions;

/// <summary>
/// Issues and checks session tokens: JWTs signed with HMAC-SHA256 (<c>kid</c> names the key),
/// issuer and audience the application's name, checked with
/// <see cref="JsonWebTokenHandler"/> restricted to HS256 (so <c>alg: none</c> and every other
/// algorithm are refused) against every configured key.
/// </summary>
/// <remarks>
/// Full validation costs tens of microseconds, more than the rest of a small request; checked
/// tokens are therefore cached by their text (bounded, dropped at expiry), looked up from the
/// request's header without copying it, and a cached token is still checked for expiry on every
/// use. Revocation is not decided here (see <see cref="SessionRevocations"/>).
/// Claims: <c>sub</c> (user id), <c>sid</c> (session id), <c>sat</c> (sign-in time, Unix ms),
/// <c>gen</c> (the user's session generation at sign-in; absent is 0), <c>roles</c>, <c>perms</c> and <c>ext</c> (extra claims), beside <c>iat</c>, <c>nbf</c> and <c>exp</c>;
/// read strictly by <see cref="SessionClaims"/>.
/// </remarks>
internal sealed class SessionTokens
{
    /// <summary>Browsers keep cookies up to 4096 bytes; no token is issued or accepted above this.</summary>
    public const int MaxTokenLength = 4096;

    private const int MaxUserIdLength = 256;
    private const int CacheSize = 10_000;
    private const string NotConfigured = "Sessions are not configured: set auth.sessionSecret (or auth.keys) to sign them.";

    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false, MaximumTokenSizeInBytes = MaxTokenLength };
    private readonly TokenValidationParameters _validation;
    private readonly ConcurrentDictionary<string, SessionTicket> _checked = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, SessionTicket>.AlternateLookup<ReadOnlySpan<char>> _checkedByText;
    private readonly Lock _sweep = new();
    private readonly SessionKeyRing _keys;
    private readonly AuthSettings _settings;
    private readonly TimeProvider _clock;
    private readonly SigningCredentials? _signing;

    public SessionTokens(SessionKeyRing keys, AuthSettings settings, TimeProvider clock)
    {
        _keys = keys;
        _settings = settings;
        _checkedByText = _checked.GetAlternateLookup<ReadOnlySpan<char>>();
        _clock = clock;
        _signing = keys.SigningKey is { } key ? new SigningCredentials(key, SecurityAlgorithms.HmacSha256) : null;
        _validation = new TokenValidationParameters
        {
            ValidIssuer = settings.AppName,
            ValidAudience = settings.AppName,
            IssuerSigningKeys = keys.Keys,
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            ValidTypes = ["JWT"],
            TryAllIssuerSigningKeys = false,
            RequireSignedTokens = true,
            RequireExpirationTime = true,

            // Times are checked below against the application's TimeProvider, as cached tokens are.
            ValidateLifetime = false,
        };
    }

    /// <summary>Whether a signing key is configured (sessions can be issued and read).</summary>
    public bool Enabled => _signing is not null;

    /// <summary>Issues the token of a new session, in the user's current session generation.</summary>
    public SessionTicket SignIn(SessionUser user, long generation = 0)
    {
        Validate(user);
        var now = _clock.GetUtcNow();

        // Millisecond precision: the token carries it as Unix ms.
        var signedInAt = DateTimeOffset.FromUnixTimeMilliseconds(now.ToUnixTimeMilliseconds());
        var sessionId = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(16));
        return Issue(user, sessionId, generation, signedInAt, now);
    }

    /// <summary>The token that replaces one past its half-life: same session and generation, later expiry (never past the absolute limit).</summary>
    public SessionTicket Renew(SessionTicket ticket) => Issue(ticket.User, ticket.SessionId, ticket.Generation, ticket.SignedInAt, _clock.GetUtcNow());

    /// <summary>Whether renewing now would push the expiry out at all (not once the absolute limit is reached).</summary>
    public bool CanExtend(SessionTicket ticket) => ExpiryOf(ticket.SignedInAt, _clock.GetUtcNow()) > ticket.ExpiresAt;

    /// <summary>
    /// The answer when it needs no validation: a token already checked (still expired on time) or
    /// one too large to be a session. False when <see cref="CheckAsync"/> must validate it.
    /// </summary>
    public bool TryCheckKnown(ReadOnlySpan<char> token, DateTimeOffset now, out TokenCheck check)
    {
        if (token.Length > MaxTokenLength)
        {
            check = TokenCheck.Fails(SessionFailure.TooLarge);
            return true;
        }

        if (!_checkedByText.TryGetValue(token, out var ticket))
        {
            check = default;
            return false;
        }

        if (IsExpired(ticket, now))
        {
            _checked.TryRemove(new KeyValuePair<string, SessionTicket>(ticket.Token, ticket));
            check = TokenCheck.Fails(SessionFailure.Expired);
            return true;
        }

        check = TokenCheck.Valid(ticket);
        return true;
    }

    public async ValueTask<TokenCheck> CheckAsync(string token)
    {
        if (!Enabled)
            return TokenCheck.Fails(SessionFailure.Invalid);
        var now = _clock.GetUtcNow();
        if (TryCheckKnown(token, now, out var known))
            return known;

        var result = await _handler.ValidateTokenAsync(token, _validation).ConfigureAwait(false);
        if (!result.IsValid || result.SecurityToken is not JsonWebToken jwt || !SessionClaims.HeaderIsAcceptable(jwt.EncodedHeader)
            || SessionClaims.Read(token, jwt.Kid, jwt.EncodedPayload, out var notBefore) is not { } ticket
            || ticket.IssuedAt > now + _settings.ClockSkew || notBefore > now + _settings.ClockSkew)
            return TokenCheck.Fails(SessionFailure.Invalid);
        if (IsExpired(ticket, now))
            return TokenCheck.Fails(SessionFailure.Expired);
        Remember(ticket);
        return TokenCheck.Valid(ticket);
    }

    /// <summary>Past its <c>exp</c>, or past <c>auth.absoluteExpiresIn</c> since sign-in (a setting shortened since it was issued), with the skew's tolerance.</summary>
    private bool IsExpired(SessionTicket ticket, DateTimeOffset now) =>
        now >= ticket.ExpiresAt + _settings.ClockSkew || now >= ticket.SignedInAt + _settings.AbsoluteExpiresIn + _settings.ClockSkew;

    private SessionTicket Issue(SessionUser user, string sessionId, long generation, DateTimeOffset signedInAt, DateTimeOffset now)
    {
        var signing = _signing ?? throw new InvalidOperationException(NotConfigured);
        var issuedAt = DateTimeOffset.FromUnixTimeSeconds(now.ToUnixTimeSeconds());
        var expiresAt = ExpiryOf(signedInAt, issuedAt);
        var claims = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            [JwtRegisteredClaimNames.Sub] = user.Id,
            [JwtRegisteredClaimNames.Sid] = sessionId,
            ["sat"] = signedInAt.ToUnixTimeMilliseconds(),
        };
        if (generation > 0)
            claims["gen"] = generation;
        if (user.Roles.Count > 0)
            claims["roles"] = user.Roles.ToArray();
        if (user.Permissions.Count > 0)
            claims["perms"] = user.Permissions.ToArray();
        if (user.Claims.Count > 0)
            claims["ext"] = user.Claims.ToDictionary(c => c.Key, c => (object)c.Value, StringComparer.Ordinal);

        var token = _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = _settings.AppName,
            Audience = _settings.AppName,
            IssuedAt = issuedAt.UtcDateTime,
            NotBefore = issuedAt.UtcDateTime,
            Expires = expiresAt.UtcDateTime,
            Claims = claims,
            SigningCredentials = signing,
        });
        if (token.Length > MaxTokenLength)
        {
            throw new ArgumentException(
                $"The session of user '{user.Id}' would be {token.Length} bytes, over the {MaxTokenLength} a cookie may hold; carry fewer roles, permissions or claims.", nameof(user));
        }

        var ticket = new SessionTicket(token, signing.Key.KeyId, sessionId, generation, user, signedInAt, issuedAt, expiresAt);
        Remember(ticket);
        return ticket;
    }

    /// <summary><c>expiresIn</c> from now, but never past <c>absoluteExpiresIn</c> from the sign-in (whole seconds, as JWTs carry them).</summary>
    private DateTimeOffset ExpiryOf(DateTimeOffset signedInAt, DateTimeOffset now)
    {
        var sliding = now + _settings.ExpiresIn;
        var absolute = signedInAt + _settings.AbsoluteExpiresIn;
        return DateTimeOffset.FromUnixTimeSeconds((sliding < absolute ? sliding : absolute).ToUnixTimeSeconds());
    }

    private void Remember(SessionTicket ticket)
    {
        if (_checked.Count >= CacheSize)
            Sweep();
        _checked[ticket.Token] = ticket;
    }

    /// <summary>Bounds the cache: drops expired tokens, then, if still full, half of the rest (they are only re-validated).</summary>
    private void Sweep()
    {
        if (!_sweep.TryEnter())
            return;
        try
        {
            var now = _clock.GetUtcNow();
            var excess = _checked.Count - (CacheSize / 2);
            foreach (var (token, ticket) in _checked)
            {
                if ((IsExpired(ticket, now) || excess > 0) && _checked.TryRemove(new KeyValuePair<string, SessionTicket>(token, ticket)))
                    excess--;
            }
        }
        finally
        {
            _sweep.Exit();
        }
    }

    /// <summary>What <see cref="SignIn"/> refuses, before anything is signed or read from the store.</summary>
    public void Validate(SessionUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (_signing is null)
            throw new InvalidOperationException(NotConfigured);
        if (string.IsNullOrEmpty(user.Id) || user.Id.Length > MaxUserIdLength)
            throw new ArgumentException($"A session's user id must be 1 to {MaxUserIdLength} characters.", nameof(user));
        foreach (var role in user.Roles)
        {
            if (string.IsNullOrWhiteSpace(role))
                throw new ArgumentException($"User '{user.Id}' has an empty role.", nameof(user));
        }

        foreach (var permission in user.Permissions)
        {
            if (!PermissionSet.IsGrantable(permission))
                throw new ArgumentException($"User '{user.Id}' has permission '{permission}', which is not segments of letters, digits, '_', '.' or '-' separated by ':' (a last segment may be '*', or '*' alone).", nameof(user));
        }
    }
}
