namespace Bunbase;

/// <summary>
/// Puts an action (or a sub-module) in a module declared elsewhere, when it is not declared inside the
/// module class. An action belongs to one module: one nested in a module class may only name that module.
/// </summary>
/// <param name="module">The module class, marked with <see cref="ModuleAttribute"/> (static classes are fine).</param>
/// <example><code>[InModule(typeof(Tasks))] [Post("", Status = 201)] public sealed class CreateTask : ...</code></example>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class InModuleAttribute(Type module) : Attribute
{
    /// <summary>The module class.</summary>
    public Type Module { get; } = module;
}
