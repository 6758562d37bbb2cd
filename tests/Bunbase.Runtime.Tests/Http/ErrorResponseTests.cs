using System.Net;
using Bunbase.Runtime.Tests.Infrastructure;

namespace Bunbase.Runtime.Tests.Http;

public sealed class ErrorResponseTests(ProductionApp app) : IClassFixture<ProductionApp>
{
    [Theory]
    [InlineData("bad-request", HttpStatusCode.BadRequest, "bad_thing")]
    [InlineData("unauthorized", HttpStatusCode.Unauthorized, "unauthorized")]
    [InlineData("forbidden", HttpStatusCode.Forbidden, "forbidden")]
    [InlineData("not-found", HttpStatusCode.NotFound, "thing_not_found")]
    [InlineData("conflict", HttpStatusCode.Conflict, "conflict")]
    [InlineData("too-many", HttpStatusCode.TooManyRequests, "too_many_requests")]
    public async Task Typed_errors_map_to_their_status_and_code(string kind, HttpStatusCode status, string code)
    {
        var problem = await Problem.ReadAsync(await app.Client.GetAsync($"/fail/{kind}"), status);

        Assert.Equal(code, problem.Code);
    }

    [Fact]
    public async Task Too_many_requests_carries_retry_after_rounded_up()
    {
        var response = await app.Client.GetAsync("/fail/too-many");

        Assert.Equal(TimeSpan.FromSeconds(8), response.Headers.RetryAfter?.Delta);
    }

    [Fact]
    public async Task A_nested_call_keeps_the_callees_status()
    {
        var problem = await Problem.ReadAsync(await app.Client.GetAsync("/call/not-found"), HttpStatusCode.NotFound);
        var ok = await app.Client.GetStringAsync("/call/fine");

        Assert.Equal("thing_not_found", problem.Code);
        Assert.Equal("""{"value":1}""", ok);
    }

    [Fact]
    public async Task An_unexpected_exception_is_a_500_without_details_in_production()
    {
        var response = await app.Client.GetAsync("/fail/crash");
        var text = await response.Content.ReadAsStringAsync();

        var problem = await Problem.ReadAsync(response, HttpStatusCode.InternalServerError);
        Assert.Equal("internal_error", problem.Code);
        Assert.DoesNotContain("secret internal detail", text, StringComparison.Ordinal);
        Assert.DoesNotContain("InvalidOperationException", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_output_that_fails_its_own_validation_is_a_500_not_a_400()
    {
        var problem = await Problem.ReadAsync(await app.Client.GetAsync("/fail/bad-output"), HttpStatusCode.InternalServerError);

        Assert.Equal("invalid_output", problem.Code);
        Assert.Empty(problem.Errors);
    }

    [Fact]
    public async Task Development_shows_what_went_wrong()
    {
        await using var development = await AppServer.StartAsync(environment: "Development");

        var response = await development.Client.GetAsync("/fail/crash");
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Contains("secret internal detail", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_client_traceparent_is_continued_in_the_problem()
    {
        const string traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        using var request = new HttpRequestMessage(HttpMethod.Get, "/fail/not-found");
        request.Headers.Add("traceparent", $"00-{traceId}-00f067aa0ba902b7-01");

        var problem = await Problem.ReadAsync(await app.Client.SendAsync(request), HttpStatusCode.NotFound);

        Assert.Equal(traceId, problem.Body.GetProperty("traceId").GetString());
    }
}
