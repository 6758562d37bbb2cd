using System.Reflection;
using Bunbase.Runtime.Auth;
using Bunbase.Runtime.Auth.Guards;
using Bunbase.Runtime.Auth.Sessions;
using Bunbase.Runtime.Foundation;
using Microsoft.Extensions.DependencyInjection;

namespace Bunbase.Runtime.Realtime;

/// <summary>
/// The channels an app opens to clients (<see cref="ChannelAttribute"/>), each with its guards, read
/// once at start like <c>[EventCategoryApi]</c>: who may subscribe sits beside the same guard
/// attributes actions use. The longest matching pattern decides; a channel no pattern matches is
/// refused (404 <c>channel_not_found</c>), so nothing is open by accident.
/// </summary>
internal sealed class ChannelAccess
{
    private readonly ChannelRule[] _rules;

    private ChannelAccess(ChannelRule[] rules) => _rules = rules;

    public static ChannelAccess None { get; } = new([]);

    public bool IsEmpty => _rules.Length == 0;

    /// <summary>The rule that decides <paramref name="channel"/>, or null when it is not open.</summary>
    public ChannelRule? Find(string channel)
    {
        ChannelRule? best = null;
        foreach (var rule in _rules)
        {
            if (rule.Matches(channel) && (best is null || (!rule.IsPrefix && best.IsPrefix) || (rule.IsPrefix == best.IsPrefix && rule.Pattern.Length > best.Pattern.Length)))
                best = rule;
        }

        return best;
    }

    /// <summary>
    /// Admits <paramref name="caller"/> to <paramref name="operation"/> on <paramref name="channel"/>, or
    /// throws what it is refused with: 400 <c>invalid_channel</c>, 404 <c>channel_not_found</c>, 401 (no
    /// session, or an unusable one), 403 <c>role_required</c>/<c>permission_required</c>/<c>forbidden</c>, 403
    /// <c>publish_not_allowed</c>.
    /// </summary>
    public async ValueTask<ChannelRule> AdmitAsync(string channel, ChannelOperation operation, InvocationAuth? caller, IServiceProvider services, CancellationToken cancellationToken)
    {
        if (ChannelNames.ChannelProblem(channel) is { } problem)
            throw new BadRequestException("invalid_channel", problem);
        var rule = Find(channel) ?? throw new NotFoundException($"Channel '{channel}' is not open to clients.", "channel_not_found");
        if (operation == ChannelOperation.Publish && !rule.ClientPublish)
            throw new ForbiddenException($"Clients may not publish to '{channel}'.", "publish_not_allowed");
        if (rule.Guards.RequiresSession)
        {
            if (caller?.Ticket is null)
                throw SessionFailures.Reject(caller?.Failure ?? SessionFailure.None);
            foreach (var requirement in rule.Guards.Requirements)
            {
                if (!requirement.IsMetBy(caller))
                    throw requirement.Refusal();
            }
        }

        if (rule.Check is { } check)
        {
            var guard = (ChannelGuard)ActivatorUtilities.CreateInstance(services, check);
            try
            {
                if (!await guard.AllowsAsync(new ChannelRequest(channel, operation, caller?.User, services), cancellationToken).ConfigureAwait(false))
                    throw new ForbiddenException($"You may not {(operation == ChannelOperation.Publish ? "publish to" : "subscribe to")} '{channel}'.", "forbidden");
            }
            finally
            {
                if (guard is IAsyncDisposable asyncDisposable)
                    await asyncDisposable.DisposeAsync().ConfigureAwait(false);
                else if (guard is IDisposable disposable)
                    disposable.Dispose();
            }
        }

        return rule;
    }

    public static ChannelAccess Discover(Assembly assembly)
    {
        var errors = new List<string>();
        var rules = new List<ChannelRule>();
        foreach (var type in assembly.GetTypes())
        {
            if (type.GetCustomAttribute<ChannelAttribute>() is not { } open)
                continue;
            var location = $"[Channel(\"{open.Pattern}\")] on {type.FullName}";
            var isPrefix = open.Pattern.EndsWith('*');
            var pattern = isPrefix ? open.Pattern[..^1] : open.Pattern;
            if ((isPrefix && pattern.Length == 0) || (pattern.Length > 0 && ChannelNames.ChannelProblem(pattern) is not null))
            {
                errors.Add($"{location}: a channel name or prefix ending in '*' ({ChannelNames.ChannelProblem(pattern) ?? "a prefix is not empty"})");
                continue;
            }

            var guards = GuardPlanBuilder.Build(type, typeof(object), errors, location);
            var check = typeof(ChannelGuard).IsAssignableFrom(type) ? type : null;
            if (check is not null && (type.IsAbstract || type.GetConstructors().Length == 0))
                errors.Add($"{location}: a ChannelGuard must be a concrete class with a public constructor");
            else if (!guards.ActionGuards.IsEmpty || !guards.InputGuards.IsEmpty)
                errors.Add($"{location}: [Guard<T>] needs an action; derive the class from ChannelGuard for a custom check");
            else if (guards.IsEmpty && check is null && !type.IsDefined(typeof(AllowAnonymousAttribute), inherit: false))
                errors.Add($"{location}: say who may subscribe: a guard ([Authenticated], [RequireRole], [RequirePermission]), a ChannelGuard, or [AllowAnonymous]");
            else if (rules.Any(r => r.Pattern == pattern && r.IsPrefix == isPrefix))
                errors.Add($"{location}: the pattern is opened twice");
            else
                rules.Add(new ChannelRule(pattern, isPrefix, guards, check, open.ClientPublish, open.Presence, type.FullName ?? type.Name));
        }

        if (errors.Count > 0)
            throw new StartupException(string.Join("; ", errors));
        return rules.Count == 0 ? None : new ChannelAccess([.. rules]);
    }
}
