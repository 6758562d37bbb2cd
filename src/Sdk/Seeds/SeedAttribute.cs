namespace Bunbase;

/// <summary>Names a <see cref="DataSeed"/> and places it among the seed files.</summary>
/// <param name="name">
/// The seed's name as a seed file would be named, without extension: a version number, '_', then
/// letters, digits, '_' or '-' (for example <c>0002_demo_users</c>). Seeds apply in version order;
/// a version used by a SQL file and a C# seed is refused.
/// </param>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class SeedAttribute(string name) : Attribute
{
    /// <summary>The seed's name, with its version first.</summary>
    public string Name { get; } = name;
}
