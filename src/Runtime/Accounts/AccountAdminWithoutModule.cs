namespace Bunbase.Runtime.Accounts;

/// <summary><see cref="IAccountAdmin"/> when <c>accounts.enabled</c> is off: a seed or action that asks for it learns why it cannot.</summary>
internal sealed class AccountAdminWithoutModule : IAccountAdmin
{
    public Task<string> CreateAsync(ActionContext context, NewAccount account, CancellationToken cancellationToken = default) =>
        throw new InvalidOperationException("IAccountAdmin creates accounts of the accounts module, which is off: set accounts.enabled.");
}
