namespace Bunbase.Runtime.Discovery;

/// <summary>
/// A module's route prefix and how an action's route joins it: with exactly one '/', never a trailing one,
/// so <c>/tasks</c> + <c>""</c> (or <c>"/"</c>) is <c>/tasks</c> and GET <c>/tasks</c> is served.
/// </summary>
internal static class ModulePrefix
{
    /// <summary>Checks a declared prefix; null or empty is no prefix.</summary>
    /// <returns>Why the prefix is not acceptable, or null.</returns>
    /// <param name="prefix">The declared prefix.</param>
    /// <param name="allowReserved">Whether it may start with the reserved <c>/_</c> (a module of the runtime itself).</param>
    public static string? Check(string? prefix, bool allowReserved = false)
    {
        if (string.IsNullOrEmpty(prefix))
            return null;
        if (prefix[0] != '/')
            return $"Prefix '{prefix}' must start with '/' (for example '/{prefix.TrimStart('/')}')";
        if (prefix.EndsWith('/'))
            return $"Prefix '{prefix}' must not end with '/' (write '/{prefix.Trim('/')}'; an action's route '' or '/' is the prefix itself)";
        if (RouteTemplate.TryParse(prefix, out var error, allowReserved) is not { } route)
            return $"Prefix '{prefix}' is not a route template: {error}";
        if (route.Parameters.FirstOrDefault(p => p.IsOptional || p.IsCatchAll) is { } open)
            return $"Prefix '{prefix}' has an optional or catch-all parameter '{open.Name}'; only the action's own route may end open";
        return null;
    }

    /// <summary>The full route of an action declared as <paramref name="route"/> under <paramref name="prefix"/> (already checked).</summary>
    public static string Join(string prefix, string route)
    {
        if (prefix.Length == 0)
            return route;
        if (route.Length == 0 || route == "/")
            return prefix;
        return route[0] == '/' ? prefix + route : prefix + "/" + route;
    }
}
