using System.Diagnostics;
using Bunbase.Runtime.Foundation;
using Microsoft.AspNetCore.Http;

namespace Bunbase.Runtime.Observability;

/// <summary>The first middleware: times the whole request and records it once its status is final (metrics and spans, and the Studio's last hour).</summary>
internal sealed class RequestTelemetryMiddleware(RequestDelegate next, RequestHistory history, IServiceProvider services)
{
    private readonly RequestTelemetry? _telemetry = services.GetService(typeof(RequestTelemetry)) as RequestTelemetry;

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
        var status = ClientGone.RecordedStatus(http);
        if (threw && status != ClientGone.Status && !http.Response.HasStarted)
            status = StatusCodes.Status500InternalServerError;
        var elapsedMs = Stopwatch.GetElapsedTime(startedAt).TotalMilliseconds;
        _telemetry?.Record(http, status, elapsedMs);
        history.Record(status, elapsedMs);
        return false;
    }
}
