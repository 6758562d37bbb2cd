using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Bunbase.Runtime.Auth;
using Bunbase.Runtime.Auth.Guards;
using Bunbase.Runtime.Auth.Sessions;
using Bunbase.Runtime.Data;
using Bunbase.Runtime.Foundation;
using Dapper;

namespace Bunbase.Runtime.Accounts;

/// <summary>
/// API keys: <c>bbk_</c> + a 12-character lookup prefix + <c>_</c> + 43 characters of secret (256 bits). Only the
/// prefix and a SHA-256 of the whole key are stored; the key is shown once, when created. A checked key is kept
/// in memory (by its exact text) for <c>accounts.apiKeyCacheFor</c>, so a busy key costs one dictionary lookup a
/// request; each lookup in the store also records <c>last_used_at</c> (so at most one write per key, instance and
/// cache period, never one per request). A revoked key stops working at once on the instance that revoked it and
/// within the cache period everywhere. A key's permissions are those it was given that its owner's roles still grant
/// (<c>accounts.rolePermissions</c>), computed at each lookup in the store (so within the cache period of a change).
/// </summary>
internal sealed class ApiKeys(Database database, AccountsSettings settings, TimeProvider clock) : IApiKeyAuthenticator
{
    public const string Marker = "bbk_";

    /// <summary>The ticket's "signing key" id: marks an API key's ticket.</summary>
    public const string KeyId = SessionTicket.ApiKeyId;
    private const int PrefixLength = 12;
    private const int MaxCached = 10_000;
    private const string PrefixAlphabet = "abcdefghijklmnopqrstuvwxyz0123456789";

    /// <summary>A key is not a session: its ticket never needs renewing within any realistic life of the process.</summary>
    private static readonly TimeSpan TicketLifetime = TimeSpan.FromDays(3650);

    private readonly ConcurrentDictionary<string, Entry> _cache = new(StringComparer.Ordinal);
    private readonly long _cacheTicks = settings.ApiKeyCacheFor.Ticks;

    /// <summary>Whether the caller authenticated with an API key rather than a session.</summary>
    public static bool IsKeySession(IAuth auth) => auth is InvocationAuth { Ticket.KeyId: KeyId };

    public bool IsApiKey(ReadOnlySpan<char> token) => token.StartsWith(Marker, StringComparison.Ordinal);

    public bool TryGetKnown(ReadOnlySpan<char> token, DateTimeOffset now, out SessionTicket? ticket)
    {
        if (_cache.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(token, out var entry) && entry.ValidUntilTicks > now.UtcTicks)
        {
            ticket = entry.Ticket;
            return true;
        }

        ticket = null;
        return false;
    }

    public async ValueTask<SessionTicket?> LookUpAsync(string token)
    {
        if (token.Length != Marker.Length + PrefixLength + 1 + 43 || token[Marker.Length + PrefixLength] != '_')
            return null;
        var prefix = token.Substring(Marker.Length, PrefixLength);
        var now = clock.GetUtcNow();
        var row = await database.OnPrimaryAsync(
            connection => connection.QuerySingleOrDefaultAsync<KeyRow>(
                "select k.id, k.account_id, k.secret_hash, k.permissions, k.created_at, a.roles from bunbase_api_keys k join bunbase_accounts a on a.id = k.account_id where k.prefix = @prefix and k.revoked_at is null",
                new { prefix }),
            CancellationToken.None).ConfigureAwait(false);
        if (row is null || !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(token)), Encoding.ASCII.GetBytes(row.SecretHash)))
            return null;
        await database.OnPrimaryAsync(
            connection => connection.ExecuteAsync("update bunbase_api_keys set last_used_at = @Now where id = @Id", new { row.Id, Now = now.ToUnixTimeMilliseconds() }),
            CancellationToken.None).ConfigureAwait(false);
        // Only what the owner's roles still grant: a key never outlives a permission its owner lost. Granted as a session's
        // are (wildcards included), so a key keeps notes:read that its creator held through notes:*.
        var granted = PermissionSet.From(settings.PermissionsOf(JsonSerializer.Deserialize<string[]>(row.Roles) ?? []));
        var permissions = (JsonSerializer.Deserialize<string[]>(row.Permissions) ?? []).Where(granted.Grants).ToArray();
        var user = new SessionUser(row.AccountId) { Permissions = permissions };
        var ticket = new SessionTicket(token, KeyId, "key_" + row.Id, 0, user, DateTimeOffset.FromUnixTimeMilliseconds(row.CreatedAt), now, now + TicketLifetime);
        if (_cache.Count >= MaxCached)
            _cache.Clear();
        _cache[token] = new Entry(ticket, row.Id, now.UtcTicks + _cacheTicks);
        return ticket;
    }

    /// <summary>A new key for the account; the returned text is the only copy.</summary>
    public async Task<(string Id, string Key, string Prefix)> CreateAsync(ISqlDatabase db, string accountId, string name, IReadOnlyList<string> permissions, CancellationToken cancellationToken)
    {
        var prefix = RandomNumberGenerator.GetString(PrefixAlphabet, PrefixLength);
        var key = Marker + prefix + "_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var id = Uuid7.New().ToString("N");
        await db.Primary.ExecuteAsync(
            "insert into bunbase_api_keys (id, account_id, name, prefix, secret_hash, permissions, created_at) values (@id, @accountId, @name, @prefix, @Hash, @Permissions, @Now)",
            new { id, accountId, name, prefix, Hash = Hash(key), Permissions = JsonSerializer.Serialize(permissions), Now = clock.GetUtcNow().ToUnixTimeMilliseconds() },
            cancellationToken).ConfigureAwait(false);
        return (id, key, prefix);
    }

    /// <summary>Revokes every live key of the account (inside the caller's transaction); returns their ids, for <see cref="Forget(IEnumerable{string})"/> after the commit.</summary>
    public async Task<IReadOnlyList<string>> RevokeAllAsync(ISqlDatabase db, string accountId, CancellationToken cancellationToken)
    {
        var ids = await db.Primary.QueryAsync<string>(
            "select id from bunbase_api_keys where account_id = @accountId and revoked_at is null",
            new { accountId },
            cancellationToken).ConfigureAwait(false);
        await db.Primary.ExecuteAsync(
            "update bunbase_api_keys set revoked_at = @Now where account_id = @accountId and revoked_at is null",
            new { accountId, Now = clock.GetUtcNow().ToUnixTimeMilliseconds() },
            cancellationToken).ConfigureAwait(false);
        return ids;
    }

    /// <summary>Drops revoked keys from this instance's cache at once.</summary>
    public void Forget(IEnumerable<string> keyIds)
    {
        foreach (var keyId in keyIds)
            Forget(keyId);
    }

    /// <summary>Drops a revoked key from this instance's cache at once.</summary>
    public void Forget(string keyId)
    {
        foreach (var (token, entry) in _cache)
        {
            if (entry.KeyId == keyId)
                _cache.TryRemove(token, out _);
        }
    }

    private static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    private sealed record Entry(SessionTicket? Ticket, string KeyId, long ValidUntilTicks);

    private sealed record KeyRow(string Id, string AccountId, string SecretHash, string Permissions, long CreatedAt, string Roles);
}
