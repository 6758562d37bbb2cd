namespace Bunbase.Runtime.Accounts;

/// <summary>
/// <see cref="IAccountAdmin"/> of the module: an account as sign-up makes it (normalised email, hashed password),
/// written through the caller's <c>ctx.Db</c> with its <c>account-created</c> event, so both commit or neither does.
/// </summary>
internal sealed class AccountAdmin(AccountStore store) : IAccountAdmin
{
    public async Task<string> CreateAsync(ActionContext context, NewAccount account, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(account);
        var email = context.Auth.NormalizeIdentifier(account.Email ?? "");
        if (email.Length is 0 or > 254 || !AccountEmailAttribute.IsPlainAddress(email))
            throw new BadRequestException("invalid_account", "An account needs a plain email address (name@example.com, an ASCII domain) of at most 254 characters.");
        if (account.Password is { Length: < 10 or > 128 })
            throw new BadRequestException("invalid_account", "A password has 10 to 128 characters.");
        if (account.Name is { Length: > 100 } || (account.Name is { } name && !SingleLineAttribute.IsSingleLine(name)))
            throw new BadRequestException("invalid_account", "A name is one line of at most 100 characters (no control characters or bidirectional overrides).");

        var hash = account.Password is null ? null : context.Auth.HashPassword(account.Password);
        return await context.Db.TransactionAsync(async db =>
        {
            var row = await store.AddAsync(db, email, account.Name, hash, account.EmailVerified, cancellationToken).ConfigureAwait(false)
                ?? throw new ConflictException("An account with this email exists.", "email_taken");
            await AccountEvents.CreatedAsync(context, row, cancellationToken).ConfigureAwait(false);
            return row.Id;
        }, cancellationToken: cancellationToken).ConfigureAwait(false);
    }
}
