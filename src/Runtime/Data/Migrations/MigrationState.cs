namespace Bunbase.Runtime.Data.Migrations;

/// <summary>Where one migration stands against the database's history.</summary>
/// <param name="Name">The migration's name (<c>0001_create_users</c>).</param>
/// <param name="Status">Applied, pending, edited after applying, or applied but missing from the folder.</param>
/// <param name="AppliedAt">When it was applied, if it was.</param>
internal sealed record MigrationState(string Name, MigrationStatus Status, DateTimeOffset? AppliedAt);

/// <summary>The status of one migration.</summary>
internal enum MigrationStatus
{
    Applied,
    Pending,
    Edited,
    Missing,
}
