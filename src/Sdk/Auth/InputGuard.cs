namespace Bunbase;

/// <summary>
/// A custom guard that reads the action's input: it runs after the input is bound and validated,
/// before the handler (for example, "the signed-in user owns the task in the path"). Name it with
/// <see cref="GuardAttribute{TGuard}"/>; the action's input type must be assignable to
/// <typeparamref name="TInput"/>.
/// </summary>
/// <typeparam name="TInput">The input type it reads.</typeparam>
public abstract class InputGuard<TInput> : IActionGuard
{
    /// <summary>Whether the invocation may go on; <see langword="false"/> answers 403 <c>forbidden</c>.</summary>
    /// <param name="input">The validated input.</param>
    /// <param name="context">The invocation (its <see cref="ActionContext.Auth"/> is the caller's).</param>
    /// <param name="cancellationToken">Cancelled when the caller goes away.</param>
    public abstract ValueTask<bool> AllowsAsync(TInput input, ActionContext context, CancellationToken cancellationToken);
}
