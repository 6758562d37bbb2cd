using System.Collections.Immutable;

namespace Bunbase.Runtime.Discovery;

/// <summary>A module (<see cref="ModuleAttribute"/>) as discovery resolved it: immutable, built once at start.</summary>
internal sealed class ModuleDescriptor
{
    public ModuleDescriptor(Type type, string name, ModuleDescriptor? parent, string prefix, string tag, string? description)
    {
        Type = type;
        Parent = parent;
        Name = parent is null ? name : parent.Name + "." + name;
        Prefix = prefix;
        Tag = tag;
        Description = description;
        Chain = parent is null ? [this] : parent.Chain.Add(this);
    }

    /// <summary>The module class.</summary>
    public Type Type { get; }

    /// <summary>The enclosing module of a sub-module.</summary>
    public ModuleDescriptor? Parent { get; }

    /// <summary>The qualified name (<c>admin.users</c>): the namespace of the actions' names.</summary>
    public string Name { get; }

    /// <summary>The full route prefix (the parents' included), <c>""</c> for none; never ends with '/'.</summary>
    public string Prefix { get; }

    /// <summary>The OpenAPI tag of the module's operations.</summary>
    public string Tag { get; }

    /// <summary>The tag's description, if the module gives one.</summary>
    public string? Description { get; }

    /// <summary>The outermost module first, this one last.</summary>
    public ImmutableArray<ModuleDescriptor> Chain { get; }

    /// <summary>Where the module is declared, for start-up messages.</summary>
    public string Location => $"module '{Name}' ({ActionDescriptor.Describe(Type)})";
}
