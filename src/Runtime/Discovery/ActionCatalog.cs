using System.Collections.Frozen;
using System.Collections.Immutable;

namespace Bunbase.Runtime.Discovery;

/// <summary>The immutable set of actions an application declares; the Http layer and workers only read it.</summary>
internal sealed class ActionCatalog
{
    public ActionCatalog(ImmutableArray<ActionDescriptor> actions)
    {
        Actions = actions;
        ByName = actions.ToFrozenDictionary(a => a.Name, StringComparer.Ordinal);
        ByHandlerType = actions.ToFrozenDictionary(a => a.HandlerType);
    }

    public ImmutableArray<ActionDescriptor> Actions { get; }

    public FrozenDictionary<string, ActionDescriptor> ByName { get; }

    public FrozenDictionary<Type, ActionDescriptor> ByHandlerType { get; }
}
