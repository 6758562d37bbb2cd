using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Bunbase.Runtime.Data.Migrations;

/// <summary>
/// Reads <c>migrations/NNNN_name.sql</c>. On SQLite a file of the same name in
/// <c>migrations/sqlite/</c> replaces the PostgreSQL one, for statements whose dialects differ; every
/// SQLite variant must have a PostgreSQL file, so both backends have the same history.
/// </summary>
internal static partial class MigrationFolder
{
    /// <summary>Put on a line of its own at the top to run a migration outside a transaction (CREATE INDEX CONCURRENTLY).</summary>
    public const string NoTransactionMarker = "-- bunbase:no-transaction";

    public const string SqliteFolder = "sqlite";

    public static IReadOnlyList<MigrationFile> Load(string directory, DatabaseBackend backend)
    {
        if (!Directory.Exists(directory))
            return [];
        var main = Read(directory);
        if (backend == DatabaseBackend.Sqlite && Directory.Exists(Path.Combine(directory, SqliteFolder)))
        {
            var variants = Read(Path.Combine(directory, SqliteFolder));
            foreach (var (version, variant) in variants)
            {
                if (!main.TryGetValue(version, out var original) || original.Name != variant.Name)
                    throw new MigrationException($"{Relative(variant.Path)} has no migration of the same name in {Relative(directory)}; a SQLite variant replaces one, it does not add one");
                main[version] = variant;
            }
        }

        return [.. main.Values];
    }

    /// <summary>
    /// The path of a new migration or seed file: the next version after every <c>.sql</c> file and every
    /// <c>.cs</c> file named like one (C# seeds), padded like the others.
    /// </summary>
    public static string NextPath(string directory, string name, string extension = ".sql")
    {
        var slug = Slug().Replace(WithoutAccents(name.Trim()).ToLowerInvariant(), "_").Trim('_');
        if (slug.Length == 0)
            throw new MigrationException($"'{name}' makes no file name: a migration's file name takes the letters a-z (accents are dropped) and digits");
        var names = new List<string>();
        if (Directory.Exists(directory))
        {
            names.AddRange(Read(directory).Values.Select(f => f.Name));
            names.AddRange(Directory.EnumerateFiles(directory, "*.cs").Select(p => Path.GetFileNameWithoutExtension(p)).Where(IsValidName));
        }

        var versions = names.Select(n => long.TryParse(n.AsSpan(0, n.IndexOf('_', StringComparison.Ordinal)), NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : 0).ToList();
        var next = versions.Count == 0 ? 1 : versions.Max() + 1;
        var width = Math.Max(4, names.Select(n => n.IndexOf('_', StringComparison.Ordinal)).DefaultIfEmpty(4).Max());
        return Path.Combine(directory, next.ToString(CultureInfo.InvariantCulture).PadLeft(width, '0') + "_" + slug + extension);
    }

    /// <summary>
    /// The base letter of each of U+00C0 (À) to U+017F (ſ), Latin-1 and Latin Extended-A, lower case; '_' where there is
    /// none (× ÷) or it takes two letters (see <see cref="WithoutAccents"/>). A table rather than Unicode decomposition,
    /// which the runtime's invariant globalization mode does not do.
    /// </summary>
    private const string LatinBaseLetters =
        "aaaaaa_ceeeeiiiidnooooo_ouuuuy__aaaaaa_ceeeeiiiidnooooo_ouuuuy_y"
        + "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiii__jjkkklllllll"
        + "lllnnnnnnnnnoooooo__rrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs";

    /// <summary>"Prüfung" becomes "prufung" rather than "pr_fung": file names stay ASCII, and readable.</summary>
    private static string WithoutAccents(string text)
    {
        var folded = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c is < '\u00C0' or > '\u017F')
                folded.Append(c);
            else if (c is 'Æ' or 'æ')
                folded.Append("ae");
            else if (c is 'Œ' or 'œ')
                folded.Append("oe");
            else if (c is 'Þ' or 'þ')
                folded.Append("th");
            else if (c is 'Ĳ' or 'ĳ')
                folded.Append("ij");
            else if (c is 'ß')
                folded.Append("ss");
            else
                folded.Append(LatinBaseLetters[c - '\u00C0']);
        }

        return folded.ToString();
    }

    /// <summary>Whether a name (without extension) looks like a migration's: a version, '_', letters, digits, '_' or '-'.</summary>
    public static bool IsValidName(string name) => FileName().IsMatch(name + ".sql");

    public static string Checksum(string sql) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Normalize(sql))));

    private static SortedDictionary<long, MigrationFile> Read(string directory)
    {
        var files = new SortedDictionary<long, MigrationFile>();
        foreach (var path in Directory.EnumerateFiles(directory, "*.sql").Order(StringComparer.Ordinal))
        {
            var fileName = Path.GetFileName(path);
            var match = FileName().Match(fileName);
            if (!match.Success || !long.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var version))
                throw new MigrationException($"{Relative(path)}: a migration's name must look like 0001_create_users.sql (a number, '_', letters, digits, '_' or '-')");
            var sql = Normalize(File.ReadAllText(path));
            var file = new MigrationFile(version, Path.GetFileNameWithoutExtension(fileName), path, sql, Checksum(sql), !sql.TrimStart().StartsWith(NoTransactionMarker, StringComparison.OrdinalIgnoreCase));
            if (files.TryGetValue(version, out var other))
                throw new MigrationException($"{Relative(path)} and {Relative(other.Path)} have the same version {version}; renumber one of them");
            if (sql.Trim().Length == 0)
                throw new MigrationException($"{Relative(path)} is empty");
            if (OnlyComments(sql))
                throw new MigrationException($"{Relative(path)} has only comments (as `migrate new` wrote it): write its SQL, or delete the file");
            files[version] = file;
        }

        return files;
    }

    /// <summary>Nothing but <c>--</c> lines: a file created and not written yet, which would be recorded as applied and could never be written after.</summary>
    private static bool OnlyComments(string sql) =>
        sql.Split('\n').Select(line => line.Trim()).All(line => line.Length == 0 || line.StartsWith("--", StringComparison.Ordinal));

    /// <summary>The same file checks out with LF on Linux and CRLF on Windows: both hash alike.</summary>
    private static string Normalize(string sql) => sql.TrimStart('\uFEFF').ReplaceLineEndings("\n");

    private static string Relative(string path) => Path.GetRelativePath(Directory.GetCurrentDirectory(), path);

    [GeneratedRegex(@"^(\d+)_[A-Za-z0-9][A-Za-z0-9_-]*\.sql$")]
    private static partial Regex FileName();

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex Slug();
}
