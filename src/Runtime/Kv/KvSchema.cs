namespace Bunbase.Runtime.Kv;

/// <summary>
/// The key-value table of the SQL-backed store. Keys sort byte-wise (<c>collate "C"</c> on
/// PostgreSQL, SQLite's default), so a prefix is one index range scan; expiry is milliseconds since
/// the epoch, null for keys that never expire.
/// </summary>
internal static class KvSchema
{
    public const string PostgreSql = """
        create table if not exists bunbase_kv (
            key text collate "C" primary key,
            value text not null,
            expires_at bigint);
        create index if not exists bunbase_kv_expiry on bunbase_kv (expires_at) where expires_at is not null;
        """;

    public const string Sqlite = """
        create table if not exists bunbase_kv (
            key text primary key,
            value text not null,
            expires_at integer);
        create index if not exists bunbase_kv_expiry on bunbase_kv (expires_at) where expires_at is not null;
        """;
}
