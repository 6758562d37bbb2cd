using Bunbase.Runtime.Foundation;
using Bunbase.Runtime.Pipeline;

namespace Bunbase.Runtime.Subscriptions;

/// <content>
/// One event's delivery: attempts with backoff while the error may pass (as the error classifier decides:
/// not for data that does not fit the input, a typed 4xx or a <see cref="NonRetryableException"/>), up to
/// <c>subscriptions.maxAttempts</c>; the stream waits meanwhile. Dead letters put back by an operator are
/// delivered the same way by the instance holding their partition.
/// </content>
internal sealed partial class SubscriptionConsumer
{
    /// <summary>Null when handled; else why it was given up.</summary>
    private async Task<DeliveryFailure?> DeliverAsync(StoredEvent stored, CancellationToken abort)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await _runner.RunAsync(_plan.Action, stored, attempt, abort).ConfigureAwait(false);
                return null;
            }
            catch (Exception ex) when (!abort.IsCancellationRequested)
            {
                var classification = ErrorClassifier.Classify(ex, abort);
                if (!classification.Retryable || attempt >= _options.MaxAttempts)
                    return new DeliveryFailure(Describe(ex, classification), attempt);
            }

            await Task.Delay(_backoff.Delay(attempt), _clock, abort).ConfigureAwait(false);
        }
    }

    /// <summary>The dead letters of the partitions held that an operator put back: looked for when told, and every poll interval.</summary>
    private async Task RetryDeadLettersAsync(CancellationToken abort)
    {
        var retries = _signals.Retries;
        var now = _clock.GetTimestamp();
        if (retries == _retriesSeen && _clock.GetElapsedTime(_retriesCheckedAt, now) < Poll)
            return;
        int[] owned;
        lock (_gate)
            owned = [.. _handled.Keys];
        if (owned.Length == 0)
            return;
        _retriesSeen = retries;
        _retriesCheckedAt = now;
        foreach (var retrying in await _store.TakeRetryingAsync(_plan.Name, owned, abort).ConfigureAwait(false))
        {
            var stored = retrying.Event;
            if (await DeliverAsync(stored, abort).ConfigureAwait(false) is { } failure)
                await ParkAsync(stored, failure, abort).ConfigureAwait(false);
            else
                await _store.ResolveDeadAsync(retrying.DeadId, abort).ConfigureAwait(false);
        }
    }

    /// <summary>What an operator reads in the dead letters: the error's code and message (the exception's type for an unexpected one).</summary>
    private static string Describe(Exception exception, ErrorClassification classification)
    {
        var text = exception is IClassifiedError or ActionException
            ? $"{classification.Code}: {exception.Message}"
            : $"{exception.GetType().Name}: {exception.Message}";
        if (classification.Errors is { Count: > 0 } errors)
            text += " (" + string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(", ", e.Value)}")) + ")";
        // A message quoting the event could hold what PostgreSQL cannot store (NUL, half a character).
        return StorableText.From(text, 4_000);
    }
}
