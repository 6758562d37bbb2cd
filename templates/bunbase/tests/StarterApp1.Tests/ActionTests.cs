using System.Net;
using System.Net.Http.Json;

namespace StarterApp1.Tests;

public sealed class ActionTests(TestApp app) : IClassFixture<TestApp>
{
    [Fact]
    public async Task Hello_greets_by_name()
    {
        var answer = await app.Client.GetStringAsync(new Uri("/hello?name=Ada", UriKind.Relative));

        Assert.Equal("""{"message":"Hello, Ada!"}""", answer);
    }

    [Fact]
    public async Task A_created_note_is_listed()
    {
        using var created = await app.Client.PostAsJsonAsync(new Uri("/notes", UriKind.Relative), new { text = "from a test" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        var list = await app.Client.GetStringAsync(new Uri("/notes", UriKind.Relative));

        Assert.Contains("from a test", list, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_empty_note_is_a_400()
    {
        using var refused = await app.Client.PostAsJsonAsync(new Uri("/notes", UriKind.Relative), new { text = "" });

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
    }
}
