namespace Bunbase;

/// <summary>
/// Sets what unknown fields in an action's JSON body get, over <c>json.unknownFields</c>: on an
/// action, on a base class its actions derive from, or on the assembly (the action's own wins).
/// </summary>
/// <param name="handling">Ignore them, or refuse the request naming them.</param>
/// <example><code>[UnknownJsonFields(UnknownJsonFields.Refuse)]</code></example>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Assembly, Inherited = true)]
public sealed class UnknownJsonFieldsAttribute(UnknownJsonFields handling) : Attribute
{
    /// <summary>What unknown fields get.</summary>
    public UnknownJsonFields Handling { get; } = handling;
}
