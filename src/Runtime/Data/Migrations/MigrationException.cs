namespace Bunbase.Runtime.Data.Migrations;

/// <summary>Migrations cannot be applied as they are: a one-line explanation naming the file.</summary>
internal sealed class MigrationException(string message, Exception? innerException = null) : Exception(message, innerException);
