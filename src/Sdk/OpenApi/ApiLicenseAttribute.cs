namespace Bunbase;

/// <summary>The licence the API is offered under, stated in the OpenAPI document's <c>info.license</c>.</summary>
/// <param name="name">The licence's name, for example <c>MIT</c> or <c>Proprietary</c>.</param>
/// <example><code>[assembly: ApiLicense("Apache 2.0", Identifier = "Apache-2.0")]</code></example>
[AttributeUsage(AttributeTargets.Assembly)]
public sealed class ApiLicenseAttribute(string name) : Attribute
{
    /// <summary>The licence's name.</summary>
    public string Name { get; } = name;

    /// <summary>Its SPDX identifier (<c>MIT</c>); takes precedence over <see cref="Url"/>, as the two exclude each other.</summary>
    /// <value>The default is none.</value>
    public string? Identifier { get; set; }

    /// <summary>Where its text is.</summary>
    /// <value>The default is none.</value>
    public string? Url { get; set; }
}
