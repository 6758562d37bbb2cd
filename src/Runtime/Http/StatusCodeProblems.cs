using Microsoft.AspNetCore.Http;

namespace Bunbase.Runtime.Http;

/// <summary>
/// Gives the router's bare 404 (no route) and 405 (route, wrong method; <c>Allow</c> is kept) a
/// problem body, so every error a client sees has the same shape.
/// </summary>
internal sealed class StatusCodeProblems(RequestDelegate next, ProblemResponses problems)
{
    public Task InvokeAsync(HttpContext http)
    {
        var task = next(http);
        return task.IsCompletedSuccessfully ? AfterAsync(http) : AwaitThenAfterAsync(task, http);
    }

    private async Task AwaitThenAfterAsync(Task task, HttpContext http)
    {
        await task.ConfigureAwait(false);
        await AfterAsync(http).ConfigureAwait(false);
    }

    private Task AfterAsync(HttpContext http)
    {
        var response = http.Response;
        if (response.HasStarted || response.ContentType is not null || response.ContentLength is not null)
            return Task.CompletedTask;
        return response.StatusCode switch
        {
            404 => problems.WriteAsync(http, 404, "not_found", $"No action is served at {http.Request.Path}."),
            405 => problems.WriteAsync(http, 405, "method_not_allowed",
                $"{http.Request.Method} is not allowed at {http.Request.Path}; allowed: {response.Headers.Allow}."),
            _ => Task.CompletedTask,
        };
    }
}
