namespace Bunbase.Runtime.Auth.Guards;

/// <summary>What a <see cref="Requirement"/> asks of a session.</summary>
internal enum RequirementKind
{
    Role,
    Permission,
}
