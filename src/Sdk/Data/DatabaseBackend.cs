namespace Bunbase;

/// <summary>The database engine behind <see cref="ISqlDatabase"/>.</summary>
public enum DatabaseBackend
{
    /// <summary>PostgreSQL (<c>database.url</c> or <c>DATABASE_URL</c> is set).</summary>
    PostgreSql,

    /// <summary>The embedded SQLite file (no database URL configured): one process only.</summary>
    Sqlite,
}
