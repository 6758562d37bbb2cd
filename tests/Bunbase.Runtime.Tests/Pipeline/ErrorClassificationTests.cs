using Bunbase.Runtime.Http;
using Bunbase.Runtime.Queue;
using Bunbase.Runtime.Tests.Infrastructure;
using Bunbase.TestApp.Actions;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Bunbase.Runtime.Tests.Pipeline;

/// <summary>A new exception type is classified once: the problem response, metrics, the run log and job retries all follow.</summary>
public sealed class ErrorClassificationTests : IAsyncLifetime
{
    private TestDatabase _database = null!;

    public async Task InitializeAsync() => _database = await TestDatabase.CreateAsync();

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task A_new_exception_type_needs_one_classification_only()
    {
        await using var app = await AppServer.StartAsync(extraConfig: $$"""
            "database": { "url": "{{_database.Url}}" },
            "queue": { "enabled": false },
            "persistence": { "flushIntervalMs": 50 }
            """, name: $"pl-{Guid.NewGuid():N}");
        var before = await MetricsText.ScrapeAsync(app.Client);

        var refused = await InvocationPipelineTests.InvokeAsync<Echo.Payload, Echo.Payload>(app, "echo", null, () => throw new TeapotException());

        // The problem response.
        var http = new DefaultHttpContext { RequestServices = app.Services };
        http.Response.Body = new MemoryStream();
        await app.Services.GetRequiredService<ProblemResponses>().WriteExceptionAsync(http, "echo", new TeapotException(), refused.Error!);
        http.Response.Body.Position = 0;
        var body = await new StreamReader(http.Response.Body).ReadToEndAsync();
        Assert.Equal(418, http.Response.StatusCode);
        Assert.Equal("7", http.Response.Headers.RetryAfter);
        Assert.Contains("\"code\":\"teapot\"", body, StringComparison.Ordinal);
        Assert.Contains("This server is a teapot.", body, StringComparison.Ordinal);

        // Metrics.
        var after = await MetricsText.ScrapeAsync(app.Client);
        Assert.Equal(1, after.Value("bunbase_errors_total", ("type", "teapot"), ("action", "echo")) - before.Value("bunbase_errors_total", ("type", "teapot"), ("action", "echo")));

        // The run log.
        await Eventually.TrueAsync(
            async () => await _database.ScalarAsync<long>("select count(*) from bunbase_action_runs where action = 'echo' and status = 'rejected' and error_type = 'teapot' and error_message = 'I am a teapot.'") == 1,
            "the run of the teapot");

        // Job retries.
        Assert.False(RetryPolicy.IsRetryable(new TeapotException()));
    }
}
