using System.Collections.Frozen;

namespace Bunbase.Runtime.Discovery;

/// <summary>
/// Inputs that name their action (<see cref="IActionInput"/>), for <c>ctx.CallAsync</c> and
/// <c>ctx.Queue.EnqueueAsync</c>: each such type must be the input of exactly one action, and the
/// output it declares (<see cref="IActionInput{TOutput}"/>) must be that action's.
/// </summary>
internal static class ActionInputs
{
    /// <summary>Adds a message naming the types for every input that does not name exactly one action, or names the wrong output.</summary>
    public static void Check(IEnumerable<Type> types, IReadOnlyList<ActionDescriptor> actions, List<string> errors)
    {
        var named = actions.Where(a => Names(a.InputType)).ToList();
        foreach (var group in named.GroupBy(a => a.InputType).Where(g => g.Count() > 1))
        {
            errors.Add($"{Describe(group.Key)} implements IActionInput and is the input of more than one action ({string.Join(" and ", group.Select(a => a.Location))}): "
                + "give each action its own input type");
        }

        foreach (var action in named)
        {
            foreach (var declared in DeclaredOutputs(action.InputType).Where(o => o != action.OutputType))
            {
                errors.Add($"{Describe(action.InputType)} declares IActionInput<{Describe(declared)}> but its action {action.Location} "
                    + $"answers {Describe(action.OutputType)}");
            }
        }

        var inputs = named.Select(a => a.InputType).ToHashSet();
        foreach (var type in types.OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            if (!type.IsInterface && !type.IsAbstract && !type.ContainsGenericParameters && Names(type) && !inputs.Contains(type))
                errors.Add($"{Describe(type)} implements IActionInput but no action takes it as its input");
        }
    }

    /// <summary>The input type to action map read by <c>ctx.CallAsync</c> and <c>ctx.Queue.EnqueueAsync</c>.</summary>
    public static FrozenDictionary<Type, ActionDescriptor> Map(IEnumerable<ActionDescriptor> actions)
    {
        var map = new Dictionary<Type, ActionDescriptor>();
        foreach (var action in actions.Where(a => Names(a.InputType)))
            map.TryAdd(action.InputType, action);
        return map.ToFrozenDictionary();
    }

    private static bool Names(Type input) => typeof(IActionInput).IsAssignableFrom(input);

    private static IEnumerable<Type> DeclaredOutputs(Type input) =>
        input.GetInterfaces()
            .Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IActionInput<>))
            .Select(i => i.GetGenericArguments()[0]);

    private static string Describe(Type type)
    {
        var name = (type.IsGenericType ? type.GetGenericTypeDefinition() : type).FullName?.Replace('+', '.') ?? type.Name;
        return type.IsGenericType
            ? $"{name[..name.IndexOf('`', StringComparison.Ordinal)]}<{string.Join(", ", type.GetGenericArguments().Select(Describe))}>"
            : name;
    }
}
