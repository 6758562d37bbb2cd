using System.Reflection;
using Bunbase.Runtime.Auth.Guards;
using Bunbase.Runtime.Configuration;
using Bunbase.Runtime.RateLimiting;

namespace Bunbase.Runtime.Discovery;

/// <summary>
/// What a module gives its actions, folded into each action's descriptor at discovery, so that nothing that runs
/// an action needs to know about modules: the effective guard plan and rate-limit rule.
/// </summary>
internal static class ModuleRules
{
    /// <summary>
    /// The action's guards with its modules': levels, outermost first, are the assembly, the modules (outer
    /// first), the base classes, the action; <see cref="AllowAnonymousAttribute"/> on a level drops the outer
    /// levels' guards. A module's guards are dropped only by <c>[AllowAnonymous]</c> on the action itself (or on
    /// an inner module): an <c>[AllowAnonymous]</c> base class of an action in a guarded module is refused.
    /// </summary>
    public static GuardPlan Guards(Type type, Type inputType, ModuleDescriptor? module, List<string> errors, string location)
    {
        if (module is null)
            return GuardPlanBuilder.Build(type, inputType, errors, location);

        var modules = module.Chain;
        var before = errors.Count;
        var guarded = new bool[modules.Length];
        for (var i = 0; i < modules.Length; i++)
            guarded[i] = !CheckModule(modules[i], inputType, errors, location).IsEmpty;
        if (errors.Count > before)
            return GuardPlan.None;

        var anonymous = -1;
        for (var i = 0; i < modules.Length; i++)
        {
            if (modules[i].Type.IsDefined(typeof(AllowAnonymousAttribute), inherit: false))
                anonymous = i;
        }

        var firstGuarded = Array.FindIndex(guarded, anonymous + 1, g => g);
        if (firstGuarded >= 0 && !type.IsDefined(typeof(AllowAnonymousAttribute), inherit: false) && AnonymousBaseClass(type) is { } open)
        {
            errors.Add($"{location}: its base class {open.Name} is [AllowAnonymous] but {modules[firstGuarded].Location} has guards; "
                + "mark the action itself [AllowAnonymous] to make it public in a guarded module");
            return GuardPlan.None;
        }

        var outer = new List<ICustomAttributeProvider>();
        if (anonymous < 0)
            outer.Add(type.Assembly);
        outer.AddRange(modules.Skip(anonymous + 1).Select(m => m.Type));
        return GuardPlanBuilder.Build(type, inputType, errors, location, new AttributeLevels(outer));
    }

    /// <summary>
    /// The action's rate limit: its own <see cref="RateLimitAttribute"/> (or its base class's), else the innermost
    /// module's, else the configured default. A module's limit is a default for each of its actions, each counted
    /// on its own (keys name the action), as the configured default is.
    /// </summary>
    public static RateLimitRule? RateLimit(Type type, Type inputType, ModuleDescriptor? module, RateLimitOptions options, List<string> errors, string location)
    {
        var declaring = type.IsDefined(typeof(RateLimitAttribute), inherit: true)
            ? null
            : module?.Chain.LastOrDefault(m => m.Type.IsDefined(typeof(RateLimitAttribute), inherit: false));
        return declaring is null
            ? RateLimitRule.For(type, inputType, options.DefaultLimit, options.DefaultPer, errors, location)
            : RateLimitRule.For(declaring.Type, inputType, options.DefaultLimit, options.DefaultPer, errors, $"{location} in {declaring.Location}");
    }

    /// <summary>The module's own guard declarations, checked against this action's input; mistakes are worded for the module.</summary>
    private static GuardPlan CheckModule(ModuleDescriptor module, Type inputType, List<string> errors, string location)
    {
        var found = new List<string>();
        var plan = GuardPlanBuilder.Build(module.Type, inputType, found, $"{location} in {module.Location}", new AttributeLevels([]));
        errors.AddRange(found.Select(e => e
            .Replace(" on the action", " on the module", StringComparison.Ordinal)
            .Replace("(the action)", "(the module)", StringComparison.Ordinal)));
        return plan;
    }

    private static Type? AnonymousBaseClass(Type type)
    {
        for (var current = type.BaseType; current is not null && current != typeof(object); current = current.BaseType)
        {
            if (current.IsGenericType && current.GetGenericTypeDefinition() == typeof(ActionHandler<,>))
                return null;
            if (current.IsDefined(typeof(AllowAnonymousAttribute), inherit: false))
                return current;
        }

        return null;
    }
}
