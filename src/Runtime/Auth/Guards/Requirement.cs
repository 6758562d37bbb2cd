namespace Bunbase.Runtime.Auth.Guards;

/// <summary>One <c>[RequireRole]</c> or <c>[RequirePermission]</c>: the session must hold one of <see cref="AnyOf"/>.</summary>
internal sealed record Requirement(RequirementKind Kind, IReadOnlyList<string> AnyOf)
{
    public bool IsMetBy(InvocationAuth caller)
    {
        foreach (var value in AnyOf)
        {
            if (Kind == RequirementKind.Role ? caller.IsInRole(value) : caller.HasPermission(value))
                return true;
        }

        return false;
    }

    public ForbiddenException Refusal()
    {
        var what = Kind == RequirementKind.Role ? "role" : "permission";
        var names = AnyOf.Count == 1 ? $"the {what} '{AnyOf[0]}'" : $"one of the {what}s {string.Join(", ", AnyOf.Select(v => $"'{v}'"))}";
        return new ForbiddenException($"This action requires {names}.", $"{what}_required");
    }
}
