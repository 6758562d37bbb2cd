namespace Bunbase;

/// <summary>
/// Declares a module: a group of actions sharing a route prefix, guards, a rate limit and an OpenAPI tag,
/// whose names are namespaced by the module's (<c>tasks.create</c> in operation ids, the run log and metrics).
/// Actions join by being declared inside the module class (a <c>static partial class</c> may span files)
/// or with <see cref="InModuleAttribute"/>. The module class carries the shared settings as the usual
/// attributes: <c>[Authenticated]</c>, <c>[RequireRole]</c>, <c>[RequirePermission]</c>, <c>[Guard&lt;T&gt;]</c>,
/// <c>[AllowAnonymous]</c> and <c>[RateLimit]</c> (a default for each action, which counts on its own).
/// A module declared inside another module is a sub-module: prefixes join, names nest (<c>admin.users.list</c>),
/// guards add up.
/// </summary>
/// <param name="name">
/// The module's name, unique in the application: letters, digits, '_' and '-' (no '.', which separates it
/// from the action's own name).
/// </param>
/// <example>
/// <code>
/// [Module("tasks", Prefix = "/tasks", Description = "Create, find and list tasks")]
/// [Authenticated]
/// public static partial class Tasks
/// {
///     [Get("")]                     // GET /tasks, named tasks.list
///     public sealed class List : ActionHandler&lt;List.Input, List.Output&gt; { ... }
///
///     [Get("/{id:guid}")]          // GET /tasks/{id}, named tasks.find
///     public sealed class Find : ActionHandler&lt;Find.Input, TaskItem&gt; { ... }
/// }
/// </code>
/// </example>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class ModuleAttribute(string name) : Attribute
{
    /// <summary>The module's name, the namespace of its actions' names.</summary>
    public string Name { get; } = name;

    /// <summary>
    /// The route prefix of the module's actions, for example <c>/tasks</c> or <c>/orgs/{org}/tasks</c>: it
    /// starts with '/' and does not end with it. An action's route is joined to it with exactly one '/'
    /// (<c>""</c> or <c>"/"</c> is the prefix itself, <c>"/{id}"</c> and <c>"{id}"</c> are <c>/tasks/{id}</c>).
    /// A sub-module's prefix follows its parent's.
    /// </summary>
    /// <value>The default is none: the actions' routes are used as declared.</value>
    public string? Prefix { get; set; }

    /// <summary>The OpenAPI tag of the module's operations (added before the actions' own tags).</summary>
    /// <value>The default is the module's name (for a sub-module, <c>parent.child</c>).</value>
    public string? Tag { get; set; }

    /// <summary>What the module's operations are about (Markdown): the description of its OpenAPI tag.</summary>
    /// <value>The default is none (or the assembly's <see cref="ApiTagAttribute"/> for the tag).</value>
    public string? Description { get; set; }
}
