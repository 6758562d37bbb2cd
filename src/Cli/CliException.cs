namespace Bunbase.Cli;

/// <summary>A mistake in how the tool was called or configured, or work that failed: printed as one line.</summary>
/// <param name="message">The line.</param>
/// <param name="exitCode">2 for bad arguments or configuration (the default); 1 for work that failed.</param>
internal sealed class CliException(string message, int exitCode = ExitCodes.Usage) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
