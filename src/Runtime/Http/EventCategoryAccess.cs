using System.Collections.Frozen;
using System.Reflection;
using Bunbase.Runtime.Auth.Guards;
using Bunbase.Runtime.Events;
using Bunbase.Runtime.Foundation;

namespace Bunbase.Runtime.Http;

/// <summary>
/// The categories an app opens to the HTTP read API (<see cref="EventCategoryApiAttribute"/>), each
/// with its guard plan, read once at start. Declared in code rather than configuration so that who
/// may read sits beside the same guard attributes actions use, and is reviewed with the code. Custom
/// guards (<c>[Guard&lt;T&gt;]</c>) need an action's context and are refused here.
/// </summary>
internal sealed class EventCategoryAccess
{
    private readonly FrozenDictionary<string, GuardPlan> _open;

    private EventCategoryAccess(FrozenDictionary<string, GuardPlan> open) => _open = open;

    public static EventCategoryAccess None { get; } = new(FrozenDictionary<string, GuardPlan>.Empty);

    public bool IsEmpty => _open.Count == 0;

    /// <summary>The guards of an open category; false when it is not open.</summary>
    public bool TryGet(string category, out GuardPlan guards) => _open.TryGetValue(category, out guards!);

    public static EventCategoryAccess Discover(Assembly assembly)
    {
        var errors = new List<string>();
        var open = new Dictionary<string, GuardPlan>(StringComparer.Ordinal);
        foreach (var type in assembly.GetTypes())
        {
            if (type.GetCustomAttribute<EventCategoryApiAttribute>() is not { } api)
                continue;
            var location = $"[EventCategoryApi(\"{api.Category}\")] on {type.FullName}";
            if (EventNames.CategoryProblem(api.Category) is { } problem)
            {
                errors.Add($"{location}: {problem}");
                continue;
            }

            var guards = GuardPlanBuilder.Build(type, typeof(object), errors, location);
            if (!guards.ActionGuards.IsEmpty || !guards.InputGuards.IsEmpty)
                errors.Add($"{location}: custom guards need an action; use [Authenticated], [RequireRole] or [RequirePermission]");
            else if (guards.IsEmpty && !type.IsDefined(typeof(AllowAnonymousAttribute), inherit: false))
                errors.Add($"{location}: say who may read it: a guard ([Authenticated], [RequireRole], [RequirePermission]) or [AllowAnonymous]");
            else if (!open.TryAdd(api.Category, guards))
                errors.Add($"{location}: the category is opened twice");
        }

        if (errors.Count > 0)
            throw new StartupException(string.Join("; ", errors));
        return open.Count == 0 ? None : new EventCategoryAccess(open.ToFrozenDictionary(StringComparer.Ordinal));
    }
}
