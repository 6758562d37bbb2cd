using System.Collections;
using System.Collections.Concurrent;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;

namespace Bunbase.Runtime.Data;

/// <summary>
/// Makes Dapper's list idiom, <c>where id in @Ids</c>, mean the same on both backends. Dapper expands a list
/// into <c>(@Ids1, @Ids2, ...)</c> on SQLite, but on PostgreSQL it sends the list as one array and leaves the
/// SQL alone, so the statement written against the embedded file in development is a syntax error in
/// production. On PostgreSQL, <c>in @Ids</c> becomes <c>= any(@Ids)</c> and <c>not in @Ids</c> becomes
/// <c>&lt;&gt; all(@Ids)</c> (the same results, an empty list included), outside string literals,
/// quoted names and comments.
/// </summary>
internal static partial class ListParameters
{
    private static readonly ConcurrentDictionary<Type, string[]> ListMembers = new();

    /// <summary>The statement to send: <paramref name="sql"/> itself unless it is PostgreSQL and a parameter is a list.</summary>
    public static string Rewrite(DatabaseBackend backend, string sql, object? parameters)
    {
        if (backend != DatabaseBackend.PostgreSql || parameters is null)
            return sql;
        var names = NamesOfLists(parameters);
        if (names.Length == 0 || !InKeyword().IsMatch(sql))
            return sql;

        var result = new StringBuilder(sql.Length + 16);
        var code = 0;
        for (var i = 0; i < sql.Length;)
        {
            var end = EndOfQuoted(sql, i);
            if (end == i)
            {
                i++;
                continue;
            }

            result.Append(RewriteCode(sql[code..i], names)).Append(sql, i, end - i);
            code = i = end;
        }

        return result.Append(RewriteCode(sql[code..], names)).ToString();
    }

    private static string RewriteCode(string code, string[] names)
    {
        foreach (var name in names)
        {
            if (code.Contains(name, StringComparison.OrdinalIgnoreCase))
                code = Regex.Replace(code, $@"(?<not>\bnot\s+)?\bin\s+(?<parameter>[@:]{Regex.Escape(name)})(?![\w$])", Replace, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        }

        return code;
    }

    private static string Replace(Match match) =>
        (match.Groups["not"].Success ? "<> all(" : "= any(") + match.Groups["parameter"].Value + ")";

    /// <summary>Where the string literal, quoted name, comment or dollar-quoted body starting at <paramref name="start"/> ends; <paramref name="start"/> if none starts there.</summary>
    private static int EndOfQuoted(string sql, int start)
    {
        var c = sql[start];
        if (c is '\'' or '"')
        {
            // A doubled quote inside is an escaped quote: scanning on finds the real end.
            var end = sql.IndexOf(c, start + 1);
            return end < 0 ? sql.Length : end + 1;
        }

        if (c == '-' && start + 1 < sql.Length && sql[start + 1] == '-')
        {
            var end = sql.IndexOf('\n', start);
            return end < 0 ? sql.Length : end + 1;
        }

        if (c == '/' && start + 1 < sql.Length && sql[start + 1] == '*')
        {
            var end = sql.IndexOf("*/", start + 2, StringComparison.Ordinal);
            return end < 0 ? sql.Length : end + 2;
        }

        if (c == '$' && DollarTag().Match(sql, start) is { Success: true } tag && tag.Index == start)
        {
            var end = sql.IndexOf(tag.Value, start + tag.Length, StringComparison.Ordinal);
            return end < 0 ? sql.Length : end + tag.Length;
        }

        return start;
    }

    private static string[] NamesOfLists(object parameters)
    {
        if (parameters is IEnumerable<KeyValuePair<string, object?>> pairs)
            return [.. pairs.Where(p => IsList(p.Value?.GetType())).Select(p => p.Key.TrimStart('@', ':'))];
        return ListMembers.GetOrAdd(parameters.GetType(), static type =>
            [.. type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0 && IsList(p.PropertyType)).Select(p => p.Name)]);
    }

    /// <summary>What Dapper treats as a list: any sequence but text and bytes.</summary>
    private static bool IsList(Type? type) =>
        type is not null && type != typeof(string) && type != typeof(byte[]) && typeof(IEnumerable).IsAssignableFrom(type);

    [GeneratedRegex(@"\$([A-Za-z_][A-Za-z_0-9]*)?\$")]
    private static partial Regex DollarTag();

    [GeneratedRegex(@"\bin\s", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex InKeyword();
}
