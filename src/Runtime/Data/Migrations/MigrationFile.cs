namespace Bunbase.Runtime.Data.Migrations;

/// <summary>One migration as the current backend runs it.</summary>
/// <param name="Version">The number the file name starts with; migrations apply in this order.</param>
/// <param name="Name">The file name without <c>.sql</c> (<c>0001_create_users</c>): what the history records.</param>
/// <param name="Path">The file that is applied (the SQLite variant when there is one and the backend is SQLite).</param>
/// <param name="Sql">The statements.</param>
/// <param name="Checksum">SHA-256 of the statements with line endings normalized, to detect edits after applying.</param>
/// <param name="InTransaction">False when the file asks to run outside a transaction (<c>-- bunbase:no-transaction</c>).</param>
/// <param name="Code">
/// A step written in code (a C# seed) instead of <paramref name="Sql"/>: it runs its work and the given
/// history record in one transaction of its own.
/// </param>
internal sealed record MigrationFile(long Version, string Name, string Path, string Sql, string Checksum, bool InTransaction, Func<HistoryRecord, CancellationToken, Task>? Code = null);
