using System.Collections.Concurrent;
using System.Reflection;
using Bunbase.Runtime.Auth;
using Bunbase.Runtime.Auth.Guards;
using Bunbase.Runtime.Pipeline;

namespace Bunbase.Runtime.Accounts.Actions;

/// <summary>
/// What an API key may do in the accounts module (the module's guard, so every action, present and future, is covered):
/// an action that reads the account, marked <see cref="ApiKeyAllowedAttribute"/>, needs the key to hold its permission
/// (403 <c>permission_required</c>); every other action that acts as the caller changes the account or what it can do
/// (credentials, second factors, sessions, keys, organisations, memberships, invitations) and needs a signed-in session
/// (403 <c>session_required</c>), whatever the key's permissions, <c>*</c> included. Sessions, and anonymous actions
/// (sign-up, sign-in, codes, providers), are not concerned.
/// </summary>
/// <remarks>
/// A key is a long-lived bearer secret without a second factor, made for machine clients of the app's own actions. If it
/// could accept an invitation or create an organisation it would widen its own reach (organisation guards read the
/// owner's memberships); invite, and it would grant access to others; enrol a factor or manage keys, and it would take
/// the account over. Permissions do not open these: an operator who grants <c>*</c> to a role would otherwise hand them
/// to every key its members make. It runs before the input is read, so nothing is bound, guarded further or written.
/// </remarks>
internal sealed class ApiKeyAccess : ActionGuard
{
    private static readonly ConcurrentDictionary<Type, Requirement?> Readable = new();

    public override ValueTask<bool> AllowsAsync(ActionContext context, CancellationToken cancellationToken)
    {
        if (!ApiKeys.IsKeySession(context.Auth))
            return ValueTask.FromResult(true);
        // Every guarded invocation is an Invocation; anything else is refused rather than guessed at.
        if (context is not Invocation { Action: var action })
            throw SessionRequired(context.ActionName);
        if (!action.Guards.RequiresSession)
            return ValueTask.FromResult(true); // anonymous: the key is not what it acts as
        var requirement = Readable.GetOrAdd(action.HandlerType, static type =>
            type.GetCustomAttribute<ApiKeyAllowedAttribute>() is { } allowed ? new Requirement(RequirementKind.Permission, [allowed.Permission]) : null);
        if (requirement is null)
            throw SessionRequired(action.Name);
        return requirement.IsMetBy((InvocationAuth)context.Auth) ? ValueTask.FromResult(true) : throw requirement.Refusal();
    }

    private static ForbiddenException SessionRequired(string action) =>
        new($"{action} needs a signed-in session: an API key cannot manage the account (its credentials, second factor, sessions, keys, organisations or invitations); a key is ended by revoking it from a session (DELETE /_accounts/api-keys/{{id}}).", "session_required");
}
