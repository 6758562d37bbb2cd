using System.Net;
using Bunbase.Runtime.Tests.Infrastructure;

namespace Bunbase.Runtime.Tests.Http;

/// <summary>
/// Output members written as headers: non-ASCII in a URI header is percent-encoded; control
/// characters (and non-ASCII elsewhere) are the action's invalid output, named by property, never an
/// exception in the header writer or an injected header; cookie values are escaped.
/// </summary>
public sealed class ResponseHeaderTests(ProductionApp app) : IClassFixture<ProductionApp>
{
    [Theory]
    [InlineData("/caf%C3%A9", "/caf%C3%A9")]                                  // café
    [InlineData("/%F0%9F%98%80/a%20b", "/%F0%9F%98%80/a%20b")]                 // an emoji (two UTF-16 units) and a space
    [InlineData("/%C3%BC?q=%E2%82%AC", "/%C3%BC?q=%E2%82%AC")]                 // ü and €
    [InlineData("/already%2520encoded", "/already%20encoded")]                 // a percent sign the handler returns stays as it is
    [InlineData("/plain", "/plain")]
    public async Task Non_ascii_in_a_location_is_percent_encoded(string query, string expected)
    {
        using var response = await app.Client.GetAsync($"/header-echo?location={query}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(expected, response.Headers.Location!.OriginalString);
    }

    [Theory]
    [InlineData("location", "/a%0D%0ASet-Cookie:%20x=1")]   // CR LF: header injection
    [InlineData("location", "/a%0Ab")]
    [InlineData("location", "/a%01b")]                       // SOH (NUL itself is refused at binding)
    [InlineData("location", "/a%7Fb")]                       // DEL
    [InlineData("location", "/a%C2%85b")]                    // NEL, a C1 control
    [InlineData("tag", "a%0D%0Ab")]
    [InlineData("tag", "a%01b")]
    [InlineData("tag", "caf%C3%A9")]                          // non-ASCII outside a URI header
    [InlineData("tag", "%F0%9F%98%80")]
    public async Task A_header_value_that_cannot_be_written_is_invalid_output_not_an_injected_header(string member, string value)
    {
        using var response = await app.Client.GetAsync($"/header-echo?{member}={value}");

        var problem = await Problem.ReadAsync(response, HttpStatusCode.InternalServerError);
        Assert.Equal("invalid_output", problem.Code);
        Assert.False(response.Headers.Contains("X-Tag"));
        Assert.Null(response.Headers.Location);
        Assert.DoesNotContain(response.Headers, h => h.Key.Equals("Set-Cookie", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(HttpStatusCode.OK, (await app.Client.GetAsync("/header-echo?tag=fine")).StatusCode);
    }

    [Fact]
    public async Task In_development_the_problem_names_the_property_and_the_character()
    {
        await using var server = await AppServer.StartAsync(environment: "Development");

        using var response = await server.Client.GetAsync("/header-echo?location=/a%0D%0Ab");

        var problem = await Problem.ReadAsync(response, HttpStatusCode.InternalServerError);
        Assert.Contains("property Location", problem.Detail, StringComparison.Ordinal);
        Assert.Contains("U+000D", problem.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a%0D%0ASet-Cookie:%20x=1")]
    [InlineData("caf%C3%A9")]
    [InlineData("a;b,c%20d")]
    [InlineData("%01%7F")]
    public async Task Cookie_values_are_escaped_whatever_they_hold(string value)
    {
        using var response = await app.Client.GetAsync($"/header-echo?crumb={value}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith("crumb=", cookie, StringComparison.Ordinal);
        Assert.DoesNotContain(cookie, c => c < 0x20 || c > 0x7E);
        Assert.Equal(Uri.UnescapeDataString(value), Uri.UnescapeDataString(cookie.Split(';')[0]["crumb=".Length..]));
    }
}
