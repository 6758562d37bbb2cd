using System.Collections.Immutable;
using Bunbase.Runtime.Auth.Sessions;

namespace Bunbase.Runtime.Auth.Guards;

/// <summary>
/// An action's guards, resolved once at discovery (see <see cref="GuardPlanBuilder"/>) from the
/// assembly, its base classes (outermost first) and the action itself, and run in this order:
/// a session is required if any level asks for one (401 otherwise, or 403 when a cookie write has
/// no acceptable <c>Origin</c>); then roles and permissions (403), then custom guards that do not
/// read the input, all before binding; then, after the input is validated, the input guards.
/// </summary>
internal sealed class GuardPlan
{
    public GuardPlan(bool requiresSession, ImmutableArray<Requirement> requirements, ImmutableArray<GuardFactory> guards, TimeSpan? recentMfa = null, bool refusesApiKeys = false)
    {
        RequiresSession = requiresSession;
        RecentMfa = recentMfa;
        RefusesApiKeys = refusesApiKeys;
        Requirements = requirements;
        ActionGuards = guards.Where(g => !g.ReadsInput).ToImmutableArray();
        InputGuards = guards.Where(g => g.ReadsInput).ToImmutableArray();
    }

    public static GuardPlan None { get; } = new(false, [], []);

    public bool RequiresSession { get; }

    /// <summary><c>[RequireRecentMfa]</c>: how recent the session's last second-factor check must be.</summary>
    public TimeSpan? RecentMfa { get; }

    /// <summary><c>[Authenticated(AllowApiKeys = false)]</c> on a level: only a signed-in session passes, not an API key.</summary>
    public bool RefusesApiKeys { get; }

    public ImmutableArray<Requirement> Requirements { get; }

    /// <summary>Custom guards run before binding.</summary>
    public ImmutableArray<GuardFactory> ActionGuards { get; }

    /// <summary>Custom guards run after validation.</summary>
    public ImmutableArray<GuardFactory> InputGuards { get; }

    public bool IsEmpty => !RequiresSession && ActionGuards.IsEmpty && InputGuards.IsEmpty;

    public bool HasInputGuards => !InputGuards.IsEmpty;

    /// <summary>Whether a caller can be refused with 403 (a role, a permission or a custom guard).</summary>
    public bool CanForbid => RefusesApiKeys || RecentMfa is not null || !Requirements.IsEmpty || !ActionGuards.IsEmpty || !InputGuards.IsEmpty;

    /// <summary>Everything that runs before the input is bound.</summary>
    public ValueTask AdmitAsync(InvocationAuth caller, ActionContext context, CancellationToken cancellationToken)
    {
        if (caller.IsTrusted)
            return default;
        if (RequiresSession)
        {
            if (caller.Ticket is null)
                throw SessionFailures.Reject(caller.Failure);
            if (RefusesApiKeys && caller.Ticket.IsApiKey)
                throw new ForbiddenException("This needs a signed-in session, not an API key.", "session_required");
            foreach (var requirement in Requirements)
            {
                if (!requirement.IsMetBy(caller))
                    throw requirement.Refusal();
            }

            if (RecentMfa is { } within)
                return AdmitWithMfaAsync(within, context, cancellationToken);
        }

        return ActionGuards.IsEmpty ? default : RunAsync(ActionGuards, null, context, cancellationToken);
    }

    private async ValueTask AdmitWithMfaAsync(TimeSpan within, ActionContext context, CancellationToken cancellationToken)
    {
        var mfa = (IRecentMfa?)context.Services.GetService(typeof(IRecentMfa))
            ?? throw new InvalidOperationException("[RequireRecentMfa] needs the accounts module: set accounts.enabled.");
        var clock = (TimeProvider?)context.Services.GetService(typeof(TimeProvider)) ?? TimeProvider.System;
        // An API key has no session, hence no second factor.
        var last = context.Auth.Session is { } session ? await mfa.LastMfaAsync(session.Id, cancellationToken).ConfigureAwait(false) : null;
        if (last is null || clock.GetUtcNow() - last.Value > within)
            throw new ForbiddenException($"Confirm with your authenticator code first (POST /_accounts/mfa/step-up): this needs a second-factor check within {within.TotalMinutes:0} minutes.", "mfa_required");
        if (!ActionGuards.IsEmpty)
            await RunAsync(ActionGuards, null, context, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The input guards, after validation.</summary>
    public ValueTask CheckInputAsync(object input, InvocationAuth caller, ActionContext context, CancellationToken cancellationToken) =>
        caller.IsTrusted ? default : RunAsync(InputGuards, input, context, cancellationToken);

    private static async ValueTask RunAsync(ImmutableArray<GuardFactory> guards, object? input, ActionContext context, CancellationToken cancellationToken)
    {
        foreach (var guard in guards)
        {
            if (!await guard.Allows(input, context, cancellationToken).ConfigureAwait(false))
                throw new ForbiddenException("You are not allowed to do this.", "forbidden");
        }
    }
}
