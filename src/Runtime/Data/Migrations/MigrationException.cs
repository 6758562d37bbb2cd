namespace Bunbase.Runtime.Data.Migrations;

/// <summary>Migrations cannot be applied as they are: a one-line explanation naming the file.</summary>
internal sealed class MigrationException(string message, Exception? innerException = null, bool workFailed = false) : Exception(message, innerException)
{
    /// <summary>The database could not be reached or a migration's SQL failed (the tool's exit code 1), rather than a folder or history to fix first (2).</summary>
    public bool WorkFailed { get; } = workFailed;
}
