namespace Bunbase.Runtime.Webhooks;

/// <summary>A delivery attempt that failed (recorded in the delivery log already); the queue retries it after its backoff.</summary>
internal sealed class WebhookAttemptFailedException(string message) : Exception(message);
