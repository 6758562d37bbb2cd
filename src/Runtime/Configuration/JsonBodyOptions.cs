namespace Bunbase.Runtime.Configuration;

/// <summary>JSON request bodies (<c>json.*</c>).</summary>
public sealed class JsonBodyOptions
{
    /// <summary>
    /// What fields a body holds that the action's input does not declare get, for actions without
    /// <see cref="UnknownJsonFieldsAttribute"/>.
    /// </summary>
    /// <value>The default is <see cref="UnknownJsonFields.Ignore"/>.</value>
    public UnknownJsonFields UnknownFields { get; set; } = UnknownJsonFields.Ignore;
}
