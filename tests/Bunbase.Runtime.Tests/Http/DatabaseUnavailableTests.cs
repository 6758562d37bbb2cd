using System.Net;
using Bunbase.Runtime.Tests.Infrastructure;
using Npgsql;
using OpenTelemetry.Logs;

namespace Bunbase.Runtime.Tests.Http;

/// <summary>Requests while their PostgreSQL server (one of the test's own) is down: a dependency outage, not a server bug.</summary>
public sealed class DatabaseUnavailableTests
{
    private const int Requests = 200;

    [Fact]
    public async Task Requests_get_503_database_unavailable_with_retry_after_one_summary_log_line_and_a_count()
    {
        await using var postgres = await PrivatePostgres.StartAsync();
        var collector = new SpanCollector();
        await using var app = await AppServer.StartAsync(
            extraConfig: $$"""
                "database": { "url": "{{postgres.Url}}", "connectTimeoutMs": 1000 },
                "queue": { "enabled": false },
                "persistence": { "enabled": false },
                "rateLimit": { "failureLogIntervalMs": 600000 }
                """,
            host: host => host.ConfigureLogExport = logs => logs.AddInMemoryExporter(collector.Logs));
        using (var up = await app.Client.GetAsync("/db/where"))
            Assert.Equal(HttpStatusCode.OK, up.StatusCode);

        await postgres.StopServerAsync();
        var logsBefore = collector.Logs.Count;
        for (var i = 0; i < Requests; i++)
        {
            using var response = await app.Client.GetAsync(i % 2 == 0 ? "/db/where" : "/db/where-primary");
            var problem = await Problem.ReadAsync(response, HttpStatusCode.ServiceUnavailable);
            Assert.Equal("database_unavailable", problem.Code);
            Assert.Equal("5", response.Headers.GetValues("Retry-After").Single());
            Assert.DoesNotContain("Npgsql", problem.Body.GetRawText(), StringComparison.Ordinal);
        }

        var logs = collector.Logs.Skip(logsBefore).ToArray();
        var summary = Assert.Single(logs, l => l.FormattedMessage?.StartsWith("Database unavailable:", StringComparison.Ordinal) == true);
        Assert.Null(summary.Exception);
        Assert.True(!logs.Any(l => l.Exception is not null), "records with an exception: " + string.Join(" | ", logs.Where(l => l.Exception is not null).Select(l => $"{l.CategoryName} {l.EventId}: {l.FormattedMessage}").Distinct()) + $" ({logs.Count(l => l.Exception is not null)})");
        Assert.True(logs.Length < 10, $"{logs.Length} log records for {Requests} refused requests: {string.Join(" | ", logs.Select(l => l.CategoryName + ": " + l.FormattedMessage))}");

        var metrics = await MetricsText.ScrapeAsync(app.Client);
        Assert.True(metrics.Value("bunbase_database_unavailable_total", ("action", "db-where")) >= Requests / 2);
        Assert.True(metrics.Value("bunbase_errors_total", ("type", "database_unavailable"), ("action", "db-where")) >= Requests / 2);
    }

    [Fact]
    public async Task A_statement_cut_off_by_the_server_shutting_down_gets_503()
    {
        await using var postgres = await PrivatePostgres.StartAsync();
        await using var app = await AppServer.StartAsync(extraConfig: $$"""
            "database": { "url": "{{postgres.Url}}", "connectTimeoutMs": 1000 },
            "queue": { "enabled": false },
            "persistence": { "enabled": false }
            """);
        var sleeping = app.Client.GetAsync("/db/sleep?ms=60000");
        await Eventually.TrueAsync(async () => await SleepingAsync(postgres) == 1, "the statement to run");

        await postgres.StopServerAsync(); // fast shutdown: the backend is terminated (57P01)
        using var response = await sleeping;

        var problem = await Problem.ReadAsync(response, HttpStatusCode.ServiceUnavailable);
        Assert.Equal("database_unavailable", problem.Code);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task No_free_connection_within_the_connect_timeout_gets_503(bool multiplexing)
    {
        await using var postgres = await PrivatePostgres.StartAsync();
        await using var app = await AppServer.StartAsync(extraConfig: $$"""
            "database": { "url": "{{postgres.Url}}", "connectTimeoutMs": 1000, "maxPoolSize": 1, "multiplexing": {{(multiplexing ? "true" : "false")}} },
            "queue": { "enabled": false },
            "persistence": { "enabled": false }
            """);
        var sleeping = app.Client.GetAsync("/db/sleep?ms=8000");
        await Eventually.TrueAsync(async () => await SleepingAsync(postgres) == 1, "the statement to hold the only connection");

        using var response = await app.Client.GetAsync("/db/where-primary");

        if (multiplexing)
        {
            // Multiplexing queues the statement behind the sleeping one on the only connection: it waits, then succeeds.
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        else
        {
            var problem = await Problem.ReadAsync(response, HttpStatusCode.ServiceUnavailable);
            Assert.Equal("database_unavailable", problem.Code);
            Assert.Equal("5", response.Headers.GetValues("Retry-After").Single());
        }

        using var slept = await sleeping;
        Assert.Equal(HttpStatusCode.OK, slept.StatusCode);
    }

    private static async Task<long> SleepingAsync(PrivatePostgres postgres)
    {
        await using var connection = new NpgsqlConnection(TestDatabase.ConnectionString(postgres.Url));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select count(*) from pg_stat_activity where query like '%db-sleep%' and pid <> pg_backend_pid()", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
