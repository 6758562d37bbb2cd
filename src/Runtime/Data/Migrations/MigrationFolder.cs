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

    /// <summary>The path of a new migration file: the next version, padded like the others.</summary>
    public static string NextPath(string directory, string name)
    {
        var slug = Slug().Replace(name.Trim().ToLowerInvariant(), "_").Trim('_');
        if (slug.Length == 0)
            throw new MigrationException($"'{name}' makes no file name: use letters and digits");
        var existing = Directory.Exists(directory) ? Read(directory) : new SortedDictionary<long, MigrationFile>();
        var next = existing.Count == 0 ? 1 : existing.Keys.Max() + 1;
        var width = Math.Max(4, existing.Values.Select(f => f.Name.IndexOf('_', StringComparison.Ordinal)).DefaultIfEmpty(4).Max());
        return Path.Combine(directory, next.ToString(CultureInfo.InvariantCulture).PadLeft(width, '0') + "_" + slug + ".sql");
    }

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
