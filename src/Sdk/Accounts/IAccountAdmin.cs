namespace Bunbase;

/// <summary>
/// Creates accounts of the accounts module from code: a seed's demo account, an import, an administrator's action
/// (a service of the app when <c>accounts.enabled</c>; take it in the constructor). The account is written through
/// the caller's <c>ctx.Db</c>, so inside its transaction when one runs, and the module's <c>account-created</c> event
/// (and <c>account-email-verified</c> for a verified one) is published with it.
/// </summary>
public interface IAccountAdmin
{
    /// <summary>Creates the account.</summary>
    /// <param name="context">The invocation (or seed) whose database writes it.</param>
    /// <param name="account">Its email, and optionally password, name and whether the email counts as verified.</param>
    /// <param name="cancellationToken">Cancels the writes.</param>
    /// <returns>The new account's id (the user id of its sessions).</returns>
    /// <exception cref="ConflictException">An account has this email (code <c>email_taken</c>).</exception>
    /// <exception cref="BadRequestException">The email or password is not acceptable (code <c>invalid_account</c>).</exception>
    Task<string> CreateAsync(ActionContext context, NewAccount account, CancellationToken cancellationToken = default);
}
