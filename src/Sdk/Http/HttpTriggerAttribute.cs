namespace Bunbase;

/// <summary>Serves an action over HTTP. Use one of <see cref="GetAttribute"/>, <see cref="PostAttribute"/>,
/// <see cref="PutAttribute"/>, <see cref="PatchAttribute"/> or <see cref="DeleteAttribute"/>.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public abstract class HttpTriggerAttribute : Attribute
{
    private int? _status;

    private protected HttpTriggerAttribute(string method, string route)
    {
        Method = method;
        Route = route;
    }

    /// <summary>The HTTP method (upper case).</summary>
    public string Method { get; }

    /// <summary>
    /// The route template, for example <c>/tasks/{id:guid}</c>. Parameters may carry one type
    /// constraint (<c>int</c>, <c>long</c>, <c>guid</c>, <c>bool</c>, <c>decimal</c>, <c>double</c>,
    /// <c>datetime</c>, <c>alpha</c>); the value is coerced to the input property's type either way.
    /// Paths starting with <c>/_</c> are reserved for the runtime.
    /// </summary>
    public string Route { get; }

    /// <summary>The status of a successful response: 200, 201, 202 or 204 (no body).</summary>
    /// <value>The default is 200, or 204 for an action whose output is <see cref="NoContent"/>.</value>
    public int Status
    {
        get => _status ?? 200;
        set => _status = value;
    }

    /// <summary>Whether <see cref="Status"/> was set, rather than left to its default.</summary>
    internal bool IsStatusSet => _status is not null;
}

/// <summary>Serves the action at <c>GET route</c> (and <c>HEAD route</c>); input binds from the query string by default.</summary>
/// <param name="route">The route template.</param>
public sealed class GetAttribute(string route) : HttpTriggerAttribute("GET", route);

/// <summary>Serves the action at <c>POST route</c>; input binds from the JSON body by default.</summary>
/// <param name="route">The route template.</param>
public sealed class PostAttribute(string route) : HttpTriggerAttribute("POST", route);

/// <summary>Serves the action at <c>PUT route</c>; input binds from the JSON body by default.</summary>
/// <param name="route">The route template.</param>
public sealed class PutAttribute(string route) : HttpTriggerAttribute("PUT", route);

/// <summary>Serves the action at <c>PATCH route</c>; input binds from the JSON body by default.</summary>
/// <param name="route">The route template.</param>
public sealed class PatchAttribute(string route) : HttpTriggerAttribute("PATCH", route);

/// <summary>Serves the action at <c>DELETE route</c>; input binds from the query string by default.</summary>
/// <param name="route">The route template.</param>
public sealed class DeleteAttribute(string route) : HttpTriggerAttribute("DELETE", route);
