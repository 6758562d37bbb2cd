namespace Bunbase.Cli;

/// <summary>The tool's exit codes (the README lists them). <c>dev</c> and <c>start</c> otherwise exit with the app's code.</summary>
internal static class ExitCodes
{
    public const int Success = 0;

    /// <summary>The work failed: a build, a database that cannot be reached, a status that needs attention.</summary>
    public const int Failed = 1;

    /// <summary>Bad arguments or configuration (one line on standard error).</summary>
    public const int Usage = 2;

    /// <summary><c>bunbase start</c> refused to start because migrations are pending.</summary>
    public const int PendingMigrations = 3;
}
