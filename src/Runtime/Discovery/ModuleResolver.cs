using System.Reflection;
using System.Text.RegularExpressions;

namespace Bunbase.Runtime.Discovery;

/// <summary>
/// Finds the module of an action (or of a sub-module): the <see cref="InModuleAttribute"/> on the class, else the
/// nearest enclosing class marked <see cref="ModuleAttribute"/>. Each module is checked once; its mistakes are
/// added to discovery's one start-up line, and its actions are then left out without repeating them.
/// </summary>
internal sealed partial class ModuleResolver(List<string> errors)
{
    private readonly Dictionary<Type, ModuleDescriptor?> _modules = [];
    private readonly HashSet<Type> _resolving = [];

    /// <summary>Every module resolved so far (the valid ones).</summary>
    public IEnumerable<ModuleDescriptor> Modules => _modules.Values.OfType<ModuleDescriptor>();

    /// <summary>The module an action belongs to.</summary>
    /// <returns>False when the membership or the module is invalid (the error is recorded).</returns>
    public bool TryResolve(Type type, string location, out ModuleDescriptor? module)
    {
        module = null;
        if (MemberOf(type, location, out var moduleType) is false)
            return false;
        if (moduleType is null)
            return true;
        module = Describe(moduleType);
        return module is not null;
    }

    /// <summary>Checks a module class whether or not an action uses it (so an unused duplicate is found too).</summary>
    public void Check(Type moduleType) => Describe(moduleType);

    /// <summary>Refuses two modules with the same qualified name.</summary>
    public void CheckNames()
    {
        foreach (var group in Modules.GroupBy(m => m.Name, StringComparer.Ordinal).Where(g => g.Count() > 1))
            errors.Add($"duplicate module name '{group.Key}': {string.Join(" and ", group.Select(m => ActionDescriptor.Describe(m.Type)))}");
    }

    private bool MemberOf(Type type, string location, out Type? moduleType)
    {
        moduleType = null;
        Type? nested = null;
        for (var outer = type.DeclaringType; outer is not null && nested is null; outer = outer.DeclaringType)
        {
            if (outer.IsDefined(typeof(ModuleAttribute), inherit: false))
                nested = outer;
        }

        var declared = type.GetCustomAttribute<InModuleAttribute>(inherit: false)?.Module;
        if (declared is not null && !declared.IsDefined(typeof(ModuleAttribute), inherit: false))
        {
            errors.Add($"{location}: [InModule(typeof({declared.Name}))] names {ActionDescriptor.Describe(declared)}, which is not a module (it has no [Module] attribute)");
            return false;
        }

        if (declared is not null && nested is not null && declared != nested)
        {
            errors.Add($"{location}: in two modules, declared inside {Describe(nested)?.Location ?? nested.Name} and [InModule] naming "
                + $"{Describe(declared)?.Location ?? declared.Name}; an action belongs to one module");
            return false;
        }

        moduleType = declared ?? nested;
        return true;
    }

    private ModuleDescriptor? Describe(Type type)
    {
        if (_modules.TryGetValue(type, out var known))
            return known;
        var location = ActionDescriptor.Describe(type);
        if (!_resolving.Add(type))
        {
            errors.Add($"module {location}: its [InModule] attributes form a cycle");
            return _modules[type] = null;
        }

        try
        {
            return _modules[type] = Build(type, location);
        }
        finally
        {
            _resolving.Remove(type);
        }
    }

    private ModuleDescriptor? Build(Type type, string location)
    {
        var declared = type.GetCustomAttribute<ModuleAttribute>(inherit: false)!;
        var where = $"module '{declared.Name}' ({location})";
        if (!MemberOf(type, where, out var parentType))
            return null;
        ModuleDescriptor? parent = null;
        if (parentType is not null && (parent = Describe(parentType)) is null)
            return null;

        var before = errors.Count;
        if (!NamePattern().IsMatch(declared.Name ?? ""))
            errors.Add($"{where}: a module name is 1-50 letters, digits, '_' or '-', starting with a letter or digit (no '.', which separates it from the action's name)");
        if (ModulePrefix.Check(declared.Prefix, allowReserved: type.Assembly == typeof(ModulePrefix).Assembly) is { } prefixError)
            errors.Add($"{where}: {prefixError}");
        if (ActionDiscovery.ActionTypes(type) is not null)
            errors.Add($"{where}: a module cannot be an action itself; declare the actions inside it");
        if (declared.Tag is { } tag && string.IsNullOrWhiteSpace(tag))
            errors.Add($"{where}: Tag must not be blank (leave it unset to use the module's name)");
        if (errors.Count > before)
            return null;

        var prefix = ModulePrefix.Join(parent?.Prefix ?? "", declared.Prefix ?? "");
        var name = parent is null ? declared.Name! : parent.Name + "." + declared.Name;
        return new ModuleDescriptor(type, declared.Name!, parent, prefix, declared.Tag ?? name, declared.Description);
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_-]{0,49}$")]
    private static partial Regex NamePattern();
}
