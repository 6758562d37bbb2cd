using System.Reflection;

namespace Bunbase.Runtime.Discovery;

/// <summary>
/// Several declaration levels read as one (the assembly, then the modules, outermost first), so that the guard
/// plan builder sees them as the one outermost level in front of the action's base classes and the action.
/// </summary>
internal sealed class AttributeLevels(IReadOnlyList<ICustomAttributeProvider> levels) : ICustomAttributeProvider
{
    public object[] GetCustomAttributes(bool inherit) => [.. levels.SelectMany(l => l.GetCustomAttributes(inherit: false))];

    public object[] GetCustomAttributes(Type attributeType, bool inherit) => [.. levels.SelectMany(l => l.GetCustomAttributes(attributeType, inherit: false))];

    public bool IsDefined(Type attributeType, bool inherit) => levels.Any(l => l.IsDefined(attributeType, inherit: false));
}
