namespace Bunbase;

/// <summary>Declares a class as an action and names it.</summary>
/// <param name="name">
/// The action's unique name (for example <c>create-task</c>): the OpenAPI operation id, the run-log
/// action and the metrics label. Lower-case letters, digits, '-', '_' and '.'.
/// </param>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class ActionAttribute(string name) : Attribute
{
    /// <summary>The action's unique name.</summary>
    public string Name { get; } = name;

    /// <summary>What the action does; the OpenAPI description (and summary when <see cref="Summary"/> is not set).</summary>
    /// <value>The default is none.</value>
    public string? Description { get; set; }

    /// <summary>A short title for documentation; the OpenAPI summary.</summary>
    /// <value>The default is <see cref="Description"/>.</value>
    public string? Summary { get; set; }

    /// <summary>Tags that group the action in documentation.</summary>
    /// <value>The default is no tags.</value>
#pragma warning disable CA1819 // Attribute arguments must be arrays.
    public string[] Tags { get; set; } = [];
#pragma warning restore CA1819
}
