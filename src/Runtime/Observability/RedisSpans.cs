using System.Diagnostics;

namespace Bunbase.Runtime.Observability;

/// <summary>
/// Client spans around our own Redis round trips (StackExchange.Redis emits none). Named for the
/// command, as OpenTelemetry's database conventions ask; keys and values are never recorded.
/// </summary>
internal static class RedisSpans
{
    public static Activity? Start(string command)
    {
        var activity = RuntimeActivitySource.Instance.StartActivity(command, ActivityKind.Client);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("db.system.name", "redis");
            activity.SetTag("db.operation.name", command);
        }

        return activity;
    }

    /// <summary>Marks the span failed; always <see langword="false"/>, for use as an exception filter that lets the exception pass.</summary>
    public static bool Fail(Activity? activity, Exception exception)
    {
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetStatus(ActivityStatusCode.Error, exception.GetType().Name);
            activity.SetTag("error.type", exception.GetType().FullName);
        }

        return false;
    }
}
