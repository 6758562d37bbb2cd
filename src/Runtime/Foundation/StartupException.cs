namespace Bunbase.Runtime.Foundation;

/// <summary>
/// Stops start-up with one line for the operator: a configuration or discovery mistake, never a
/// stack trace.
/// </summary>
internal sealed class StartupException(string message) : Exception(message);
