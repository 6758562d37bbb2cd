namespace Bunbase.Runtime.Configuration;

/// <summary>What happens while the revocation and sign-in throttling store (Redis, or the database's <c>bunbase_kv</c> table without it) cannot be reached.</summary>
public enum SessionStoreFailurePolicy
{
    /// <summary>
    /// Sessions are accepted with the revocations last read (none if never read), and sign-ins are
    /// not throttled; logged once per <c>rateLimit.failureLogIntervalMs</c>.
    /// </summary>
    Open,

    /// <summary>
    /// Guarded actions answer 503 <c>session_store_unavailable</c> (others see no session), and
    /// sign-ins answer 503 <c>sign_in_unavailable</c>: the revocation bound always holds.
    /// </summary>
    Closed,
}
