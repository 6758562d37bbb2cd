using System.Text;
using Bunbase.Runtime.OpenApi;
using Bunbase.Runtime.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Bunbase.Runtime.Tests.OpenApi;

/// <summary>
/// The example app's committed document, checked in-process (fast); tests/Bunbase.Cli.Tests checks the same
/// file through <c>bunbase openapi</c>, as a developer regenerates it.
/// </summary>
public sealed class SnapshotTests
{
    private const string Regenerate = "dotnet run --project src/Cli -- openapi --output examples/bunbase-app/openapi.json";

    [Fact]
    public async Task The_example_apps_committed_openapi_json_is_what_it_generates()
    {
        // The name of the repository's bunbase.config.json, which the CLI uses for the example app.
        await using var server = await AppServer.StartAsync(Apps.Example, extraConfig: Apps.ExampleConfig, name: "example");
        var document = server.Services.GetRequiredService<OpenApiDocumentSource>().Document;

        var generated = Encoding.UTF8.GetBytes(document.Indented);
        var committed = await File.ReadAllBytesAsync(Path.Combine(NodeTools.RepositoryRoot(), "examples", "bunbase-app", "openapi.json"));

        Assert.True(generated.AsSpan().SequenceEqual(committed),
            $"examples/bunbase-app/openapi.json is out of date with the example app's actions; regenerate it with `{Regenerate}` (from the repository root) and review the diff.");
    }

    [Fact]
    public async Task The_served_document_has_the_same_content_as_the_snapshot()
    {
        await using var server = await AppServer.StartAsync(Apps.Example, extraConfig: Apps.ExampleConfig, name: "example");

        var served = System.Text.Json.Nodes.JsonNode.Parse(await server.Client.GetByteArrayAsync("/openapi.json"));
        var written = System.Text.Json.Nodes.JsonNode.Parse(server.Services.GetRequiredService<OpenApiDocumentSource>().Document.Indented);

        Assert.True(System.Text.Json.Nodes.JsonNode.DeepEquals(served, written), "GET /openapi.json and the written document differ in content");
    }
}
