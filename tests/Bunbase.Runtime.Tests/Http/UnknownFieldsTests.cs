using System.Net;
using System.Text;
using Bunbase.Runtime.Tests.Infrastructure;

namespace Bunbase.Runtime.Tests.Http;

/// <summary>Fields a body holds that the input does not declare: ignored by default; refused, by name, where an action or the configuration asks.</summary>
public sealed class UnknownFieldsTests(ProductionApp app) : IClassFixture<ProductionApp>
{
    private const string Order = """{"customer":{"email":"a@example.com"},"lines":[{"sku":"ABC-123","quantity":1}]}""";

    [Fact]
    public async Task By_default_unknown_fields_are_ignored()
    {
        using var response = await app.Client.PostAsync("/echo", Json("""{"name":"a","count":1,"extra":true,"nested":{"x":1}}"""));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("""{"name":"a","count":1}""", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_strict_action_accepts_exactly_its_fields()
    {
        using var response = await app.Client.PostAsync("/orders/strict", Json(Order));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Theory]
    [InlineData("""{"customer":{"email":"a@example.com"},"lines":[],"coupon":"X"}""", new[] { "coupon" })]
    [InlineData("""{"customer":{"email":"a@example.com","vip":true},"lines":[]}""", new[] { "customer.vip" })]
    [InlineData("""{"customer":{"email":"a@example.com"},"lines":[{"sku":"ABC-123","quantity":1},{"sku":"ABC-124","quantity":1,"gift":1}]}""", new[] { "lines[1].gift" })]
    [InlineData("""{"Customer":{"email":"a@example.com"},"customer":{"email":"a@example.com"},"lines":[]}""", new[] { "Customer" })]  // names are case-sensitive
    [InlineData("""{"customer":{"email":"a@example.com"},"lines":[],"a":1,"b":null,"c":[1]}""", new[] { "a", "b", "c" })]
    [InlineData("""{"customer":{"email":"a@example.com"},"lines":[],"$type":"x"}""", new[] { "$type" })]
    public async Task A_strict_action_refuses_unknown_fields_naming_each(string body, string[] unknown)
    {
        var problem = await Problem.ReadAsync(await app.Client.PostAsync("/orders/strict", Json(body)), HttpStatusCode.BadRequest);

        Assert.Equal("validation_failed", problem.Code);
        Assert.Equal(unknown.Order(StringComparer.Ordinal), problem.Errors.Keys.Order(StringComparer.Ordinal));
        Assert.All(problem.Errors.Values, messages => Assert.Contains("unknown", Assert.Single(messages), StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_flood_of_unknown_fields_is_reported_in_bounded_size()
    {
        var fields = string.Concat(Enumerable.Range(0, 5000).Select(i => $",\"f{i}\":{i}"));
        var problem = await Problem.ReadAsync(
            await app.Client.PostAsync("/orders/strict", Json($$"""{"customer":{"email":"a@example.com"},"lines":[]{{fields}}}""")),
            HttpStatusCode.BadRequest);

        Assert.InRange(problem.Errors.Count, 1, 20);
    }

    [Fact]
    public async Task The_configuration_refuses_them_everywhere_unless_an_action_says_otherwise()
    {
        await using var server = await AppServer.StartAsync(extraConfig: """ "json": { "unknownFields": "Refuse" } """);

        var refused = await Problem.ReadAsync(await server.Client.PostAsync("/echo", Json("""{"name":"a","count":1,"extra":true}""")), HttpStatusCode.BadRequest);
        using var lenient = await server.Client.PostAsync("/echo/lenient", Json("""{"name":"a","count":1,"extra":true}"""));
        using var exact = await server.Client.PostAsync("/echo", Json("""{"name":"a","count":1}"""));

        Assert.Equal(["extra"], refused.Errors.Keys);
        Assert.Equal(HttpStatusCode.OK, lenient.StatusCode);
        Assert.Equal(HttpStatusCode.OK, exact.StatusCode);
    }

    [Fact]
    public async Task A_wrong_value_for_the_setting_stops_start_up()
    {
        var error = await Assert.ThrowsAsync<Bunbase.Runtime.Foundation.StartupException>(
            () => AppServer.StartAsync(extraConfig: """ "json": { "unknownFields": "Sometimes" } """));

        Assert.Contains("json.unknownFields", error.Message, StringComparison.Ordinal);
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");
}
