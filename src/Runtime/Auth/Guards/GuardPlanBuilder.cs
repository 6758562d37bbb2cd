using System.Reflection;
using System.Text.RegularExpressions;

namespace Bunbase.Runtime.Auth.Guards;

/// <summary>
/// Reads an action's guards at discovery, level by level: the assembly
/// (<c>[assembly: Authenticated]</c>), then each base class from the outermost in, then the action.
/// <see cref="AllowAnonymousAttribute"/> on a level drops what the outer levels declared.
/// Mistakes are reported in the discovery's one start-up line.
/// </summary>
internal static partial class GuardPlanBuilder
{
    /// <param name="handlerType">The action.</param>
    /// <param name="inputType">Its input type (input guards must accept it).</param>
    /// <param name="errors">Where mistakes are added.</param>
    /// <param name="location">The action's place, for messages.</param>
    /// <param name="assembly">The outermost level; by default the action's assembly.</param>
    public static GuardPlan Build(Type handlerType, Type inputType, List<string> errors, string location, ICustomAttributeProvider? assembly = null)
    {
        var requiresSession = false;
        var requirements = new List<Requirement>();
        var guards = new List<GuardFactory>();
        TimeSpan? recentMfa = null;
        var refusesApiKeys = false;
        foreach (var (level, name) in Levels(handlerType, assembly ?? handlerType.Assembly))
        {
            var authenticatedBy = level.GetCustomAttributes(typeof(AuthenticatedAttribute), inherit: false).Cast<AuthenticatedAttribute>().FirstOrDefault();
            var authenticated = authenticatedBy is not null;
            var roles = level.GetCustomAttributes(typeof(RequireRoleAttribute), inherit: false).Cast<RequireRoleAttribute>().ToList();
            var permissions = level.GetCustomAttributes(typeof(RequirePermissionAttribute), inherit: false).Cast<RequirePermissionAttribute>().ToList();
            var guardTypes = level.GetCustomAttributes(inherit: false).Select(GuardType).OfType<Type>().ToList();
            var mfa = level.GetCustomAttributes(typeof(RequireRecentMfaAttribute), inherit: false).Cast<RequireRecentMfaAttribute>().FirstOrDefault();
            if (level is Type type && type.IsDefined(typeof(AllowAnonymousAttribute), inherit: false))
            {
                if (authenticated || roles.Count > 0 || permissions.Count > 0 || guardTypes.Count > 0 || mfa is not null)
                    errors.Add($"{location}: [AllowAnonymous] and guards on the same class ({name}); keep one or the other");
                requiresSession = false;
                requirements.Clear();
                guards.Clear();
                recentMfa = null;
                refusesApiKeys = false;
                continue;
            }

            requiresSession |= authenticated || roles.Count > 0 || permissions.Count > 0 || mfa is not null;
            refusesApiKeys |= authenticatedBy is { AllowApiKeys: false };
            if (mfa is not null)
            {
                if (mfa.Minutes < 1)
                    errors.Add($"{location}: [RequireRecentMfa] on {name} needs Minutes of 1 or more");
                else
                    recentMfa = TimeSpan.FromMinutes(mfa.Minutes); // the innermost level decides
            }

            foreach (var role in roles)
            {
                if (role.Roles.Length == 0 || role.Roles.Any(r => !RolePattern().IsMatch(r ?? "")))
                    errors.Add($"{location}: [RequireRole] on {name} needs one or more roles of 1 to 100 characters without spaces");
                else
                    requirements.Add(new Requirement(RequirementKind.Role, [.. role.Roles]));
            }

            foreach (var permission in permissions)
            {
                if (permission.Permissions.Length == 0 || permission.Permissions.Any(p => !PermissionSet.IsRequirable(p ?? "")))
                    errors.Add($"{location}: [RequirePermission] on {name} needs one or more permissions such as 'tasks:write' (segments of letters, digits, '_', '.' or '-' separated by ':'; no wildcard)");
                else
                    requirements.Add(new Requirement(RequirementKind.Permission, [.. permission.Permissions]));
            }

            foreach (var guardType in guardTypes)
            {
                if (Factory(guardType, inputType, errors, $"{location}: [Guard<{guardType.Name}>] on {name}") is { } factory)
                    guards.Add(factory);
            }
        }

        // Every role requirement (outer levels first), then every permission requirement.
        var ordered = requirements.Where(r => r.Kind == RequirementKind.Role).Concat(requirements.Where(r => r.Kind == RequirementKind.Permission));
        return !requiresSession && guards.Count == 0 ? GuardPlan.None : new GuardPlan(requiresSession, [.. ordered], [.. guards], recentMfa, refusesApiKeys);
    }

    /// <summary>The assembly, the base classes from the outermost in, then the action.</summary>
    private static IEnumerable<(ICustomAttributeProvider Level, string Name)> Levels(Type handlerType, ICustomAttributeProvider assembly)
    {
        yield return (assembly, $"assembly {handlerType.Assembly.GetName().Name}");
        var chain = new Stack<Type>();
        for (var type = handlerType; type is not null && !IsActionHandler(type); type = type.BaseType)
            chain.Push(type);
        foreach (var type in chain)
            yield return (type, type == handlerType ? "the action" : $"base class {type.Name}");
    }

    private static bool IsActionHandler(Type type) =>
        type == typeof(object) || (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(ActionHandler<,>));

    /// <summary>The guard named by a <c>[Guard&lt;T&gt;]</c>, or null for any other attribute.</summary>
    private static Type? GuardType(object attribute)
    {
        var type = attribute.GetType();
        return type.IsGenericType && type.GetGenericTypeDefinition() == typeof(GuardAttribute<>) ? type.GetGenericArguments()[0] : null;
    }

    private static GuardFactory? Factory(Type guardType, Type inputType, List<string> errors, string where)
    {
        if (guardType.IsAbstract || guardType.ContainsGenericParameters || guardType.GetConstructors().Length == 0)
        {
            errors.Add($"{where}: the guard must be a concrete class with a public constructor");
            return null;
        }

        if (typeof(ActionGuard).IsAssignableFrom(guardType))
            return GuardFactory.ForAction(guardType);
        for (var type = guardType.BaseType; type is not null; type = type.BaseType)
        {
            if (!type.IsGenericType || type.GetGenericTypeDefinition() != typeof(InputGuard<>))
                continue;
            var reads = type.GetGenericArguments()[0];
            if (reads.IsAssignableFrom(inputType))
                return GuardFactory.ForInput(guardType, reads);
            errors.Add($"{where}: the guard reads {reads.Name} but the action's input is {inputType.Name}");
            return null;
        }

        errors.Add($"{where}: a guard derives from ActionGuard or InputGuard<TInput>");
        return null;
    }

    [GeneratedRegex(@"^\S{1,100}$")]
    private static partial Regex RolePattern();
}
