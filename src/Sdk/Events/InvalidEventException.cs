namespace Bunbase;

/// <summary>
/// A publish was refused before anything was written: its stream, type, data or a metadata key is
/// not acceptable. Over HTTP it is answered 400 <c>invalid_event</c> (a name may come from the request).
/// </summary>
public sealed class InvalidEventException : ArgumentException
{
    /// <summary>Creates the error.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="paramName">The argument at fault.</param>
    public InvalidEventException(string message, string paramName)
        : base(message, paramName)
    {
    }
}
