namespace Bunbase;

/// <summary>
/// The key-value store could not be reached, or did not answer one command within
/// <c>redis.timeoutMs</c>. Over HTTP it is a 503 <c>kv_unavailable</c> (a dependency outage, not a
/// server bug); a job that meets it is retried.
/// </summary>
public sealed class KvUnavailableException : ActionException
{
    /// <summary>Creates the error.</summary>
    /// <param name="message">A message safe to show to the caller.</param>
    /// <param name="innerException">What the store's client reported.</param>
    public KvUnavailableException(string message, Exception? innerException = null)
        : base(503, "kv_unavailable", message)
    {
        Cause = innerException;
    }

    /// <summary>What the store's client reported (a timeout, a refused connection).</summary>
    public Exception? Cause { get; }
}
