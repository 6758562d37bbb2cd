using System.Collections.Frozen;
using System.Collections.Immutable;

namespace Bunbase.Runtime.Discovery;

/// <summary>The immutable set of actions an application declares; the Http layer and workers only read it.</summary>
internal sealed class ActionCatalog
{
    public ActionCatalog(ImmutableArray<ActionDescriptor> actions, ImmutableArray<ModuleDescriptor> modules = default)
    {
        Actions = actions;
        Modules = modules.IsDefault ? [] : modules;
        ByName = actions.ToFrozenDictionary(a => a.Name, StringComparer.Ordinal);
        ByHandlerType = actions.ToFrozenDictionary(a => a.HandlerType);
        ByInputType = ActionInputs.Map(actions);
    }

    public ImmutableArray<ActionDescriptor> Actions { get; }

    /// <summary>The application's modules, by name.</summary>
    public ImmutableArray<ModuleDescriptor> Modules { get; }

    public FrozenDictionary<string, ActionDescriptor> ByName { get; }

    public FrozenDictionary<Type, ActionDescriptor> ByHandlerType { get; }

    /// <summary>The actions whose input implements <see cref="IActionInput"/>, by input type (one action each: discovery checks it).</summary>
    public FrozenDictionary<Type, ActionDescriptor> ByInputType { get; }
}
