namespace Bunbase;

/// <summary>Describes a tag the actions name (<c>[Action(Tags = ...)]</c>) in the OpenAPI document.</summary>
/// <param name="name">The tag, as the actions name it.</param>
/// <param name="description">What the tag's operations are about (Markdown).</param>
/// <example><code>[assembly: ApiTag("accounts", "Sign-up, sign-in and sessions")]</code></example>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true)]
public sealed class ApiTagAttribute(string name, string description) : Attribute
{
    /// <summary>The tag.</summary>
    public string Name { get; } = name;

    /// <summary>What the tag's operations are about.</summary>
    public string Description { get; } = description;
}
