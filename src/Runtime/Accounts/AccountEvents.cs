using System.Security.Cryptography;
using System.Text;

namespace Bunbase.Runtime.Accounts;

/// <summary>
/// The module's durable events, on the stream <c>account-{id}</c>: <c>account-created</c> when an account row is
/// created and <c>account-email-verified</c> when its email becomes verified (once). Published with
/// <c>ctx.Events</c> inside the transaction that writes the row, so an event exists if and only if the row
/// commits; the event id is derived from the account, so a retried write stores the event once.
/// </summary>
internal static class AccountEvents
{
    public const string Created = "account-created";
    public const string EmailVerified = "account-email-verified";

    /// <summary>Publishes <c>account-created</c> for a new account (and <c>account-email-verified</c> when it starts verified).</summary>
    public static async Task CreatedAsync(ActionContext context, AccountRow account, CancellationToken cancellationToken)
    {
        await PublishAsync(context, Created, account, account.EmailVerified, cancellationToken).ConfigureAwait(false);
        if (account.EmailVerified)
            await PublishAsync(context, EmailVerified, account, verified: true, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Publishes <c>account-email-verified</c>; call it only when this write verified the email.</summary>
    public static Task VerifiedAsync(ActionContext context, AccountRow account, CancellationToken cancellationToken) =>
        PublishAsync(context, EmailVerified, account, verified: true, cancellationToken);

    private static Task PublishAsync(ActionContext context, string type, AccountRow account, bool verified, CancellationToken cancellationToken) =>
        context.Events.PublishAsync(
            "account-" + account.Id,
            type,
            new AccountEventData(account.Id, account.Email, account.Name, verified),
            new EventOptions { Id = IdOf(type, account.Id) },
            cancellationToken);

    /// <summary>A name-based id (<c>{type}:{accountId}</c> hashed, UUID version 8 bits set): the same account and type, the same id.</summary>
    internal static Guid IdOf(string type, string accountId)
    {
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes(type + ":" + accountId)).AsSpan(0, 16).ToArray();
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true);
    }

    /// <summary>The data of both events.</summary>
    internal sealed record AccountEventData(string AccountId, string Email, string? Name, bool EmailVerified);
}
