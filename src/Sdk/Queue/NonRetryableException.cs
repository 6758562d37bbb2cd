namespace Bunbase;

/// <summary>
/// Thrown by a job that must not be tried again (the input can never succeed): the job is dead at
/// once, keeping this message as its last error. Typed 4xx errors (<see cref="BadRequestException"/>,
/// <see cref="NotFoundException"/>, ...) other than 408 and 429 count as non-retryable too.
/// </summary>
public class NonRetryableException : Exception
{
    /// <summary>Creates the error.</summary>
    /// <param name="message">Why the job cannot succeed.</param>
    /// <param name="innerException">The cause, if any.</param>
    public NonRetryableException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
