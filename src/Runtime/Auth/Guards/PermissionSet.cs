using System.Collections.Frozen;
using System.Text.RegularExpressions;

namespace Bunbase.Runtime.Auth.Guards;

/// <summary>
/// The permissions granted to a session, with wildcards: <c>*</c> grants everything, a last
/// segment <c>*</c> (<c>tasks:*</c>) grants every permission below it (<c>tasks:write</c>,
/// <c>tasks:write:own</c>) but not <c>tasks</c> itself. Built once per validated token.
/// </summary>
internal sealed partial class PermissionSet
{
    private readonly FrozenSet<string> _exact;
    private readonly string[] _prefixes;
    private readonly bool _all;

    private PermissionSet(IEnumerable<string> granted)
    {
        var list = granted.ToList();
        _all = list.Contains("*");
        _prefixes = list.Where(p => p.EndsWith(":*", StringComparison.Ordinal)).Select(p => p[..^1]).ToArray();
        _exact = list.Where(p => !p.EndsWith('*')).ToFrozenSet(StringComparer.Ordinal);
    }

    public static PermissionSet Empty { get; } = new([]);

    public static PermissionSet From(IReadOnlyCollection<string> granted) => granted.Count == 0 ? Empty : new PermissionSet(granted);

    public bool Grants(string required)
    {
        if (_all || _exact.Contains(required))
            return true;
        foreach (var prefix in _prefixes)
        {
            if (required.StartsWith(prefix, StringComparison.Ordinal) && required.Length > prefix.Length)
                return true;
        }

        return false;
    }

    /// <summary>A permission that may be granted: <c>*</c>, or segments with an optional last <c>*</c>.</summary>
    public static bool IsGrantable(string permission) => GrantablePattern().IsMatch(permission);

    /// <summary>A permission an action may require: concrete segments, no wildcard.</summary>
    public static bool IsRequirable(string permission) => RequirablePattern().IsMatch(permission);

    [GeneratedRegex(@"^(\*|[A-Za-z0-9_.-]+(:[A-Za-z0-9_.-]+)*(:\*)?)$")]
    private static partial Regex GrantablePattern();

    [GeneratedRegex("^[A-Za-z0-9_.-]+(:[A-Za-z0-9_.-]+)*$")]
    private static partial Regex RequirablePattern();
}
