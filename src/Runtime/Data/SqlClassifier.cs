using System.Collections.Concurrent;

namespace Bunbase.Runtime.Data;

/// <summary>
/// Decides whether a statement only reads, so it may run on a read replica. Conservative: one
/// statement starting with SELECT, WITH, VALUES, TABLE or SHOW, with no word (outside strings,
/// quoted names and comments) that writes, locks or depends on the session. Anything else runs on
/// the primary; a replica refusing a write (SQLSTATE 25006) is retried on the primary as well.
/// </summary>
internal static class SqlClassifier
{
    private const int MaxCached = 4096;
    private static readonly ConcurrentDictionary<string, bool> Cache = new(StringComparer.Ordinal);

    private static readonly HashSet<string> ReadStarts = new(StringComparer.OrdinalIgnoreCase) { "SELECT", "WITH", "VALUES", "TABLE", "SHOW" };

    private static readonly HashSet<string> WritingWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "INSERT", "UPDATE", "DELETE", "MERGE", "INTO", "CREATE", "DROP", "ALTER", "TRUNCATE", "GRANT",
        "REVOKE", "LOCK", "COPY", "CALL", "DO", "SET", "SHARE", "NEXTVAL", "SETVAL", "CURRVAL", "LASTVAL",
        "NOTIFY", "LISTEN", "UNLISTEN", "VACUUM", "REFRESH", "SET_CONFIG", "TXID_CURRENT", "PG_NOTIFY",
    };

    public static bool IsRead(string sql)
    {
        if (Cache.TryGetValue(sql, out var read))
            return read;
        read = Classify(sql);
        if (Cache.Count < MaxCached)
            Cache.TryAdd(sql, read);
        return read;
    }

    private static bool Classify(string sql)
    {
        var first = true;
        var statementEnded = false;
        var i = 0;
        while (i < sql.Length)
        {
            var c = sql[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c == '-' && At(sql, i + 1, '-'))
            {
                i = SkipPast(sql, i + 2, "\n");
            }
            else if (c == '/' && At(sql, i + 1, '*'))
            {
                i = SkipBlockComment(sql, i + 2);
            }
            else if (c is '\'' or '"')
            {
                if (statementEnded)
                    return false;
                i = SkipQuoted(sql, i + 1, c, backslashEscapes: false);
            }
            else if (c is '@' or ':')
            {
                // A parameter (@name, :name) or a cast (::type): its name is not a keyword.
                i++;
                while (i < sql.Length && (char.IsLetterOrDigit(sql[i]) || sql[i] is '_' or ':'))
                    i++;
            }
            else if (c == '$' && DollarTag(sql, i) is { } tag)
            {
                if (statementEnded)
                    return false;
                i = SkipPast(sql, i + tag.Length, tag);
            }
            else if (c == ';')
            {
                statementEnded = true;
                i++;
            }
            else if (char.IsLetter(c) || c == '_')
            {
                if (statementEnded)
                    return false; // a second statement
                var start = i;
                while (i < sql.Length && (char.IsLetterOrDigit(sql[i]) || sql[i] is '_' or '$'))
                    i++;
                var word = sql.AsSpan(start, i - start);
                if (word is "E" or "e" && At(sql, i, '\''))
                {
                    i = SkipQuoted(sql, i + 1, '\'', backslashEscapes: true);
                    continue;
                }

                if (first && !ReadStarts.GetAlternateLookup<ReadOnlySpan<char>>().Contains(word))
                    return false;
                first = false;
                if (WritingWords.GetAlternateLookup<ReadOnlySpan<char>>().Contains(word)
                    || word.StartsWith("PG_ADVISORY", StringComparison.OrdinalIgnoreCase)
                    || word.StartsWith("PG_TRY_ADVISORY", StringComparison.OrdinalIgnoreCase))
                    return false;
            }
            else
            {
                if (statementEnded || first)
                    return false;
                i++;
            }
        }

        return !first;
    }

    private static bool At(string s, int i, char c) => i < s.Length && s[i] == c;

    private static int SkipPast(string s, int from, string end)
    {
        var found = s.IndexOf(end, from, StringComparison.Ordinal);
        return found < 0 ? s.Length : found + end.Length;
    }

    private static int SkipQuoted(string s, int i, char quote, bool backslashEscapes)
    {
        while (i < s.Length)
        {
            if (backslashEscapes && s[i] == '\\')
            {
                i += 2;
                continue;
            }

            if (s[i] == quote)
            {
                if (At(s, i + 1, quote))
                {
                    i += 2;
                    continue;
                }

                return i + 1;
            }

            i++;
        }

        return i;
    }

    private static int SkipBlockComment(string s, int i)
    {
        var depth = 1;
        while (i < s.Length && depth > 0)
        {
            if (s[i] == '/' && At(s, i + 1, '*'))
            {
                depth++;
                i += 2;
            }
            else if (s[i] == '*' && At(s, i + 1, '/'))
            {
                depth--;
                i += 2;
            }
            else
            {
                i++;
            }
        }

        return i;
    }

    /// <summary><c>$$</c> or <c>$tag$</c> at <paramref name="i"/>; null for a positional parameter like <c>$1</c>.</summary>
    private static string? DollarTag(string s, int i)
    {
        var j = i + 1;
        while (j < s.Length && (char.IsLetterOrDigit(s[j]) || s[j] == '_'))
            j++;
        if (j >= s.Length || s[j] != '$' || (j > i + 1 && char.IsAsciiDigit(s[i + 1])))
            return null;
        return s[i..(j + 1)];
    }
}
