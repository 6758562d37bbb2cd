using System.Net;
using Bunbase.Runtime.Tests.Infrastructure;

namespace Bunbase.Runtime.Tests.Http;

public sealed class HelloTests(ProductionApp app) : IClassFixture<ProductionApp>
{
    [Fact]
    public async Task Get_hello_returns_the_output_itself_as_camel_case_json()
    {
        var response = await app.Client.GetAsync("/hello");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("""{"message":"Hello, World!"}""", await response.Content.ReadAsStringAsync());
    }
}
