using System.Collections.Immutable;
using System.Reflection;
using System.Text.RegularExpressions;
using Bunbase.Runtime.Configuration;
using Bunbase.Runtime.Foundation;

namespace Bunbase.Runtime.Discovery;

/// <summary>
/// Finds the actions of one named application assembly (never "every loaded assembly") and builds
/// the <see cref="ActionCatalog"/>. Every mistake found is reported together, in one line, naming
/// the places involved.
/// </summary>
internal static partial class ActionDiscovery
{
    /// <param name="assembly">The app's assembly.</param>
    /// <param name="rateLimits">The defaults of rate limits.</param>
    /// <param name="runtimeTypes">The runtime's own actions to serve beside the app's (an enabled module's), which may use the reserved <c>/_</c> prefix.</param>
    public static ActionCatalog Discover(Assembly assembly, RateLimitOptions? rateLimits = null, IEnumerable<Type>? runtimeTypes = null)
    {
        Type[] types;
        try
        {
            types = assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException ex)
        {
            throw new StartupException($"Could not load the types of {assembly.GetName().Name}: {ex.LoaderExceptions.FirstOrDefault()?.Message}");
        }

        return Discover(runtimeTypes is null ? types : types.Concat(runtimeTypes), rateLimits);
    }

    public static ActionCatalog Discover(IEnumerable<Type> types, RateLimitOptions? rateLimits = null)
    {
        rateLimits ??= new RateLimitOptions();
        var errors = new List<string>();
        var modules = new ModuleResolver(errors);
        var actions = ImmutableArray.CreateBuilder<ActionDescriptor>();
        foreach (var type in types.OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            if (type.IsDefined(typeof(ModuleAttribute), inherit: false))
                modules.Check(type);
            if (ActionTypes(type) is not var (input, output))
                continue;
            if (Describe(type, input, output, rateLimits, modules, errors) is { } descriptor)
                actions.Add(descriptor);
        }

        modules.CheckNames();
        if (errors.Count == 0)
            ActionInputs.Check(types, actions, errors);

        foreach (var group in actions.GroupBy(a => a.Name, StringComparer.Ordinal).Where(g => g.Count() > 1))
            errors.Add($"duplicate action name '{group.Key}': {string.Join(" and ", group.Select(a => a.Location))}");

        foreach (var group in actions.Where(a => a.Http is not null)
                     .GroupBy(a => (a.Http!.Method, a.Http.Route.Shape))
                     .Where(g => g.Count() > 1))
        {
            var places = group.Select(a => $"{a.Location} ({a.Http!.Method} {a.Http.Route.Text})");
            errors.Add($"duplicate route {group.Key.Method} {group.First().Http!.Route.Text}: {string.Join(" and ", places)}");
        }

        if (errors.Count > 0)
            throw new StartupException("Invalid actions: " + string.Join("; ", errors));
        return new ActionCatalog(actions.ToImmutable(), [.. modules.Modules.OrderBy(m => m.Name, StringComparer.Ordinal)]);
    }

    /// <summary>The input and output types when the type is a concrete action handler.</summary>
    internal static (Type Input, Type Output)? ActionTypes(Type type)
    {
        if (!type.IsClass || type.IsAbstract || type.ContainsGenericParameters)
            return null;
        for (var current = type.BaseType; current is not null; current = current.BaseType)
        {
            if (current.IsGenericType && current.GetGenericTypeDefinition() == typeof(ActionHandler<,>))
            {
                var arguments = current.GetGenericArguments();
                return (arguments[0], arguments[1]);
            }
        }

        return null;
    }

    private static ActionDescriptor? Describe(Type type, Type inputType, Type outputType, RateLimitOptions rateLimits, ModuleResolver modules, List<string> errors)
    {
        var location = ActionDescriptor.Describe(type);
        if (!modules.TryResolve(type, location, out var module))
            return null;
        var declared = type.GetCustomAttribute<ActionAttribute>();
        var name = declared?.Name ?? KebabCase(type.Name);
        if (module is not null)
            name = module.Name + "." + name;
        if (!NamePattern().IsMatch(name))
        {
            errors.Add($"{location}: action name '{name}' must be 1-100 letters, digits, '.', '_' or '-', starting with a letter or digit");
            return null;
        }

        HttpTrigger? http = null;
        var triggers = type.GetCustomAttributes<HttpTriggerAttribute>().ToList();
        if (triggers.Count > 1)
        {
            errors.Add($"{location}: more than one HTTP trigger; declare one action per route");
            return null;
        }

        if (triggers is [var trigger])
        {
            var text = module is null ? trigger.Route : ModulePrefix.Join(module.Prefix, trigger.Route);
            var route = RouteTemplate.TryParse(text, out var routeError, allowReserved: IsRuntimeType(type));
            if (route is null)
            {
                errors.Add($"{location}: bad route template '{text}': {routeError}");
                return null;
            }

            if (trigger.Status is not (200 or 201 or 202 or 204))
            {
                errors.Add($"{location}: success status {trigger.Status} is not one of 200, 201, 202, 204");
                return null;
            }

            var noContent = outputType == typeof(NoContent);
            http = new HttpTrigger(trigger.Method, route, noContent && !trigger.IsStatusSet ? 204 : trigger.Status, noContent);
        }

        var before = errors.Count;
        var input = InputModel.Build(inputType, http, errors, location);
        if (errors.Count > before)
            return null;
        var tool = ToolSettings.For(type);
        var rateLimit = http is null && tool is null ? null : ModuleRules.RateLimit(type, inputType, module, rateLimits, errors, location);
        var job = JobSettings.For(type, input, errors, location);
        var subscription = EventSubscription.For(type, input, errors, location);
        var guards = ModuleRules.Guards(type, inputType, module, errors, location);
        var output = OutputModel.Build(outputType, errors, location);
        if (errors.Count > before)
            return null;

        return new ActionDescriptor(
            name,
            declared?.Description,
            Tags(module, declared),
            type,
            inputType,
            outputType,
            http,
            input,
            output,
            rateLimit,
            job,
            guards,
            module,
            subscription,
            tool);
    }

    /// <summary>The runtime's own actions (its modules') may be served under the reserved <c>/_</c> prefix; an app's may not.</summary>
    private static bool IsRuntimeType(Type type) => type.Assembly == typeof(ActionDiscovery).Assembly;

    /// <summary>The module's tag first, then the action's own.</summary>
    private static ImmutableArray<string> Tags(ModuleDescriptor? module, ActionAttribute? declared) =>
        module is null ? [.. declared?.Tags ?? []] : [.. new[] { module.Tag }.Concat(declared?.Tags ?? []).Distinct(StringComparer.Ordinal)];

    private static string KebabCase(string name) => KebabBoundary().Replace(name, "$1-$2").ToLowerInvariant();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")]
    private static partial Regex NamePattern();

    [GeneratedRegex("([a-z0-9])([A-Z])")]
    private static partial Regex KebabBoundary();
}
