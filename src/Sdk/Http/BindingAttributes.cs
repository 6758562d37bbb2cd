namespace Bunbase;

/// <summary>
/// Where an input property is read from. Without one of these attributes, a property whose name
/// matches a route parameter binds from the path, and every other property from the query string
/// (GET, DELETE) or the JSON body (POST, PUT, PATCH). On a positional record the attribute may be
/// placed on the parameter.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter, Inherited = true)]
public abstract class BindingSourceAttribute : Attribute
{
    private protected BindingSourceAttribute(string? name) => Name = name;

    /// <summary>The name in the request (route parameter, query key, header or cookie name).</summary>
    /// <value>The default is the property's JSON name (camelCase); for headers, the property's name.</value>
    public string? Name { get; }
}

/// <summary>Binds the property from a route parameter.</summary>
/// <param name="name">The route parameter's name; by default the property's name.</param>
public sealed class FromPathAttribute(string? name = null) : BindingSourceAttribute(name);

/// <summary>Binds the property from the query string; arrays and lists read repeated keys.</summary>
/// <param name="name">The query key; by default the property's JSON name.</param>
public sealed class FromQueryAttribute(string? name = null) : BindingSourceAttribute(name);

/// <summary>Binds the property from a request header.</summary>
/// <param name="name">The header name; by default the property's name.</param>
public sealed class FromHeaderAttribute(string? name = null) : BindingSourceAttribute(name);

/// <summary>Binds the property from a request cookie.</summary>
/// <param name="name">The cookie name; by default the property's JSON name.</param>
public sealed class FromCookieAttribute(string? name = null) : BindingSourceAttribute(name);

/// <summary>Binds the property from the JSON body (the default for POST, PUT and PATCH).</summary>
public sealed class FromBodyAttribute() : BindingSourceAttribute(null);
