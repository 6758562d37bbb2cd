using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using Bunbase.Runtime.Configuration;
using Microsoft.IdentityModel.Tokens;
using Bunbase.Runtime.Foundation;

namespace Bunbase.Runtime.Auth.Sessions;

/// <summary>
/// The keys that sign and verify sessions, from <c>auth.sessionSecret</c> (id <c>default</c>) or
/// <c>auth.keys</c> (newest first: the first signs, all verify). Outside Development a missing
/// (when an action needs sessions), short or published secret stops start-up; in Development it
/// is a warning, and a missing one is replaced by a random key that ends with the process.
/// </summary>
internal sealed class SessionKeyRing
{
    public const string DefaultKeyId = "default";
    public const int MinimumSecretBytes = 32;

    private SessionKeyRing(ImmutableArray<SymmetricSecurityKey> keys, bool isEphemeral, IReadOnlyList<string> warnings)
    {
        Keys = keys;
        IsEphemeral = isEphemeral;
        Warnings = warnings;
    }

    /// <summary>Every key that verifies, the signing key first.</summary>
    public ImmutableArray<SymmetricSecurityKey> Keys { get; }

    /// <summary>The key new tokens are signed with; null when sessions are not configured.</summary>
    public SymmetricSecurityKey? SigningKey => Keys.IsEmpty ? null : Keys[0];

    public bool IsEphemeral { get; }

    /// <summary>What start-up should log (Development only): weak secrets and the ephemeral key.</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <param name="options">The <c>auth</c> section.</param>
    /// <param name="isDevelopment">Whether the app runs in the Development environment.</param>
    /// <param name="actionNeedingSessions">An action with an identity guard (named when refusing start-up), or null when none has one.</param>
    public static SessionKeyRing Create(AuthOptions options, bool isDevelopment, string? actionNeedingSessions)
    {
        var errors = new List<string>();
        var warnings = new List<string>();
        var configured = new List<(string Id, string Secret, string Key)>();
        if (!string.IsNullOrEmpty(options.SessionSecret))
        {
            if (options.Keys.Length > 0)
                throw new StartupException("Invalid configuration: set 'auth.sessionSecret' or 'auth.keys', not both (auth.sessionSecret is the key with id 'default')");
            configured.Add((DefaultKeyId, options.SessionSecret, "auth.sessionSecret"));
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < options.Keys.Length; i++)
        {
            var key = options.Keys[i];
            var name = $"auth.keys.{i}";
            if (string.IsNullOrEmpty(key.Secret))
                errors.Add($"'{name}.secret' is required");
            else if (key.Id is not null && !ids.Add(key.Id))
                errors.Add($"'{name}.id' repeats the id '{key.Id}'; every key needs its own");
            else if (key.Id is not null)
                configured.Add((key.Id, key.Secret, name + ".secret"));
        }

        foreach (var (_, secret, name) in configured)
        {
            var length = Encoding.UTF8.GetByteCount(secret);
            var problem = length < MinimumSecretBytes ? $"'{name}' is {length} bytes; at least {MinimumSecretBytes} random bytes are needed"
                : PublishedSecrets.Contains(secret) ? $"'{name}' is a value published in documentation or templates; anyone could sign sessions with it"
                : null;
            if (problem is null)
                continue;
            if (isDevelopment)
                warnings.Add(problem + " (refused outside Development)");
            else
                errors.Add(problem + " (generate one with: openssl rand -base64 48)");
        }

        if (errors.Count > 0)
            throw new StartupException("Invalid configuration: " + string.Join("; ", errors));

        if (configured.Count == 0 && isDevelopment)
        {
            // Said only when an action needs sessions: an app without them need not hear about keys.
            if (actionNeedingSessions is not null)
                warnings.Add("no 'auth.sessionSecret' is set: sessions are signed with a random key that ends with this process and is not shared with other instances (Development only)");
            var ephemeral = new SymmetricSecurityKey(RandomNumberGenerator.GetBytes(MinimumSecretBytes)) { KeyId = "ephemeral" };
            return new SessionKeyRing([ephemeral], isEphemeral: true, warnings);
        }

        if (configured.Count == 0 && actionNeedingSessions is not null)
        {
            throw new StartupException(
                $"'auth.sessionSecret' (or 'auth.keys') is required outside Development: action {actionNeedingSessions} needs sessions. "
                + "Generate one with `openssl rand -base64 48` and set it, for example as BUNBASE__AUTH__SESSIONSECRET");
        }

        var keys = configured.Select(k => new SymmetricSecurityKey(Encoding.UTF8.GetBytes(k.Secret)) { KeyId = k.Id }).ToImmutableArray();
        return new SessionKeyRing(keys, isEphemeral: false, warnings);
    }
}
