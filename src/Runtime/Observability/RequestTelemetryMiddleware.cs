using System.Diagnostics;
using Microsoft.AspNetCore.Http;

namespace Bunbase.Runtime.Observability;

/// <summary>The first middleware: times the whole request and records it once its status is final.</summary>
internal sealed class RequestTelemetryMiddleware(RequestDelegate next, RequestTelemetry telemetry)
{
    public Task InvokeAsync(HttpContext http)
    {
        var startedAt = Stopwatch.GetTimestamp();
        Task task;
        try
        {
            task = next(http);
        }
        catch (Exception) when (Record(http, startedAt, threw: true))
        {
            throw;
        }

        if (!task.IsCompletedSuccessfully)
            return AwaitAsync(task, http, startedAt);
        Record(http, startedAt, threw: false);
        return Task.CompletedTask;
    }

    private async Task AwaitAsync(Task task, HttpContext http, long startedAt)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (Exception) when (Record(http, startedAt, threw: true))
        {
            throw;
        }

        Record(http, startedAt, threw: false);
    }

    /// <summary>Always <see langword="false"/>: as an exception filter it records and lets the exception pass unchanged.</summary>
    private bool Record(HttpContext http, long startedAt, bool threw)
    {
        telemetry.Record(http, startedAt, threw);
        return false;
    }
}
