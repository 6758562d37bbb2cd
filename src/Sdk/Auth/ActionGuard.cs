namespace Bunbase;

/// <summary>
/// A custom guard that decides from the caller alone (<see cref="ActionContext.Auth"/>, services,
/// the key-value store); it runs before the input is bound. Name it with
/// <see cref="GuardAttribute{TGuard}"/>.
/// </summary>
public abstract class ActionGuard : IActionGuard
{
    /// <summary>Whether the invocation may go on; <see langword="false"/> answers 403 <c>forbidden</c>.</summary>
    /// <param name="context">The invocation (its <see cref="ActionContext.Auth"/> is the caller's).</param>
    /// <param name="cancellationToken">Cancelled when the caller goes away.</param>
    public abstract ValueTask<bool> AllowsAsync(ActionContext context, CancellationToken cancellationToken);
}
