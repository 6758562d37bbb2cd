using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Bunbase.Runtime.Tests.Infrastructure;
using Bunbase.Runtime.Tests.OpenApi;

namespace Bunbase.Runtime.Tests.Http;

/// <summary>An action whose output is <see cref="NoContent"/> answers 204 with no body, and says so in its OpenAPI operation.</summary>
public sealed class NoContentTests
{
    [Fact]
    public async Task A_no_content_action_answers_204_without_a_body_and_documents_a_204_without_content()
    {
        await using var server = await AppServer.StartAsync(Apps.Example, extraConfig: Apps.ExampleConfig);
        using var created = await server.Client.PostAsJsonAsync("/tasks", new { title = "to delete" });
        var id = (await created.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();

        using var deleted = await server.Client.DeleteAsync($"/tasks/{id}");
        var document = JsonNode.Parse(await server.Client.GetStringAsync("/openapi.json"))!;

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Empty(await deleted.Content.ReadAsByteArrayAsync());
        Assert.Null(deleted.Content.Headers.ContentType);
        var responses = document["paths"]!["/tasks/{id}"]!["delete"]!["responses"]!.AsObject();
        Assert.DoesNotContain("200", responses.Select(r => r.Key));
        Assert.Null(responses["204"]!["content"]);
    }

    [Fact]
    public async Task An_empty_output_record_with_status_204_still_answers_without_a_body()
    {
        await using var server = await AppServer.StartAsync(Apps.Fixture);

        using var removed = await server.Client.DeleteAsync($"/items/{Guid.NewGuid()}");

        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        Assert.Empty(await removed.Content.ReadAsByteArrayAsync());
    }
}
